// Reseller API (docs/api.md): one order with its timeline.
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { getOrderApi } from "@/lib/api/orders";

export const GET = apiRoute<{ id: string }>("orders:read", getOrderApi);

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["GET"] as const;
export const POST = notAllowed(ALLOWED);
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
