// Reseller API (docs/api.md): read and replace one customer.
import { getCustomerApi, updateCustomerApi } from "@/lib/api/customers";
import { apiRoute } from "@/lib/api/handler";

export const GET = apiRoute<{ id: string }>("customers:read", getCustomerApi);
export const PUT = apiRoute<{ id: string }>("customers:write", updateCustomerApi);
