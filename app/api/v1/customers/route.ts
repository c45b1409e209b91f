// Reseller API (docs/api.md): list and create customers. Token, scope and tenant checks in apiRoute and lib/.

import { createCustomerApi, listCustomersApi } from "@/lib/api/customers";
import { apiRoute } from "@/lib/api/handler";

export const GET = apiRoute("customers:read", listCustomersApi);
export const POST = apiRoute("customers:write", createCustomerApi);
