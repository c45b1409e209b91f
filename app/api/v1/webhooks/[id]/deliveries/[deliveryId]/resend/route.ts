// Reseller API (docs/api.md "Webhooks"): send a delivery again, with the same webhook-id.
import { apiRoute } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { resendWebhookDeliveryApi } from "@/lib/api/webhooks";

export const POST = apiRoute<{ id: string; deliveryId: string }>("webhooks:write", resendWebhookDeliveryApi);

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["POST"] as const;
export const GET = notAllowed(ALLOWED);
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);
