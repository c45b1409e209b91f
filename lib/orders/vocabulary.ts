// The words for order kinds, statuses and providers, in one place for pages, filters, CSV and
// charts. The value sets come from the Prisma enums, and each label table is a Record over its
// enum, so adding an enum value without its label fails the type check. Client-safe.
import { OrderKind, type OrderStatus, type Provider } from "@/lib/generated/prisma/enums";

export type { OrderKind, OrderStatus, Provider };

export const KIND_LABELS: Readonly<Record<OrderKind, string>> = {
  qboxmail_domain: "Qboxmail domain",
  qboxmail_manager: "Qboxmail manager",
  grommunio_domain: "grommunio domain",
  grommunio_server: "grommunio server",
};

// In the order people follow an order's life; filters and counts list them this way.
export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending: "Pending",
  queued: "Queued",
  provisioning: "Provisioning",
  retrying: "Retrying",
  unknown: "Checking",
  held: "On hold",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

/**
 * Not settled yet: the order may still create something upstream (a held order too: support may
 * send it again). Two orders for one name must not both be open.
 */
export const OPEN_STATUSES: readonly OrderStatus[] = [
  "pending",
  "queued",
  "provisioning",
  "retrying",
  "unknown",
  "held",
];

export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = { qboxmail: "Qboxmail", grommunio: "grommunio" };

export const ORDER_KINDS = Object.values(OrderKind) as [OrderKind, ...OrderKind[]];
export const ORDER_STATUSES = Object.keys(STATUS_LABELS) as [OrderStatus, ...OrderStatus[]];

export function isOrderKindValue(value: unknown): value is OrderKind {
  return typeof value === "string" && Object.hasOwn(KIND_LABELS, value);
}

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === "string" && Object.hasOwn(STATUS_LABELS, value);
}

function isProvider(value: unknown): value is Provider {
  return typeof value === "string" && Object.hasOwn(PROVIDER_LABELS, value);
}

/** Unknown values (an old row, a newer enum) are shown as they are rather than hidden. */
export const providerLabel = (provider: string): string =>
  isProvider(provider) ? PROVIDER_LABELS[provider] : provider;

/** A label table as select options, in the table's order. */
export function labelOptions<K extends string>(labels: Readonly<Record<K, string>>): { value: K; label: string }[] {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}
