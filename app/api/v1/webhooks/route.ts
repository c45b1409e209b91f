// Reseller API (docs/api.md "Webhooks"): list the webhook endpoints, with their failed deliveries counted.
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { listWebhookEndpointsApi } from "@/lib/api/webhooks";

export const GET = apiRoute("webhooks:read", listWebhookEndpointsApi);

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["GET"] as const;
export const POST = notAllowed(ALLOWED);
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
