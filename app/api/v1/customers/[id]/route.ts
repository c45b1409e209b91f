// Reseller API (docs/api.md): read and replace one customer.
import { getCustomerApi, updateCustomerApi } from "@/lib/api/customers";
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";

export const GET = apiRoute<{ id: string }>("customers:read", getCustomerApi);
export const PUT = apiRoute<{ id: string }>("customers:write", updateCustomerApi);

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["GET", "PUT"] as const;
export const POST = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
