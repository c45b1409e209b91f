// Webhook event types (docs/webhooks.md): `order.placed`, then `order.<status>` for every status
// an order can move to; `service.<what>` when an order's success creates, changes, suspends,
// resumes or deletes a service. Client-safe: the endpoint form lists them.
export const ORDER_EVENT_TYPES = [
  "order.placed",
  "order.queued",
  "order.provisioning",
  "order.succeeded",
  "order.retrying",
  "order.unknown",
  "order.held",
  "order.failed",
  "order.cancelled",
] as const;
export const SERVICE_EVENT_TYPES = [
  "service.created",
  "service.changed",
  "service.suspended",
  "service.resumed",
  "service.deleted",
] as const;
export const WEBHOOK_EVENT_TYPES = [...ORDER_EVENT_TYPES, ...SERVICE_EVENT_TYPES] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const eventLabels: Record<WebhookEventType, string> = {
  "order.placed": "An order was placed (through the portal or the API)",
  "order.queued": "Queued for provisioning (also after a person's retry)",
  "order.provisioning": "A worker is calling the provider",
  "order.succeeded": "Provisioned",
  "order.retrying": "A temporary failure; another attempt is scheduled",
  "order.unknown": "The provider's answer was lost; it is being looked up",
  "order.held": "Waiting for a person (e.g. provider credentials refused)",
  "order.failed": "The provider refused it, or attempts ran out",
  "order.cancelled": "Cancelled",
  "service.created": "A service came into being (its create order succeeded)",
  "service.changed": "A service's settings were changed",
  "service.suspended": "A service was suspended or disabled",
  "service.resumed": "A service was resumed or enabled",
  "service.deleted": "A service was deleted",
};

/** What a new endpoint subscribes to unless the person chooses otherwise. */
export const DEFAULT_EVENTS: WebhookEventType[] = ["order.succeeded", "order.failed", "order.held", "order.cancelled"];
