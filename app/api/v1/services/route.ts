// Reseller API (docs/api.md): list services.
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { listServicesApi } from "@/lib/api/services";

export const GET = apiRoute("services:read", listServicesApi);

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["GET"] as const;
export const POST = notAllowed(ALLOWED);
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
