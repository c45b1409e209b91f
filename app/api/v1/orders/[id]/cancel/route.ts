// Reseller API (docs/api.md): cancel an order that has not started.
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { cancelOrderApi } from "@/lib/api/orders";

export const POST = apiRoute<{ id: string }>("orders:write", cancelOrderApi);

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["POST"] as const;
export const GET = notAllowed(ALLOWED);
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
