// Webhook event types (docs/webhooks.md): `order.placed`, then `order.<status>` for every status
// an order can move to; `service.<what>` when an order's success creates, changes, suspends,
// resumes or deletes a service, or support adopts or ends one. Client-safe: the endpoint form lists them.
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

// What each event means, in words, is in the message catalogues (webhooks.eventLabels).

/** What a new endpoint subscribes to unless the person chooses otherwise. */
export const DEFAULT_EVENTS: WebhookEventType[] = ["order.succeeded", "order.failed", "order.held", "order.cancelled"];
