// Reseller API (docs/api.md): list and place orders (Idempotency-Key required on POST).
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { listOrdersApi, placeOrderApi } from "@/lib/api/orders";

export const GET = apiRoute("orders:read", listOrdersApi);
export const POST = apiRoute("orders:write", placeOrderApi, { idempotencyKey: true });

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["GET", "POST"] as const;
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
