// Reseller API (docs/api.md): change, suspend, resume or delete a service (Idempotency-Key required).
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { changeServiceApi } from "@/lib/api/services";

export const POST = apiRoute<{ id: string }>("services:write", changeServiceApi, { idempotencyKey: true });

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["POST"] as const;
export const GET = notAllowed(ALLOWED);
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
