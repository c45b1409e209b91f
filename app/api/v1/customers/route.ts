// Reseller API (docs/api.md): list and create customers. Token, scope and tenant checks in apiRoute and lib/.

import { createCustomerApi, listCustomersApi } from "@/lib/api/customers";
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";

export const GET = apiRoute("customers:read", listCustomersApi);
export const POST = apiRoute("customers:write", createCustomerApi, { idempotencyKey: true });

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["GET", "POST"] as const;
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
