// Whether a resource a lookup found was created, by the provider's own clock, before the order's
// first create was sent: then it is not the order's own (made in the panel or by another client;
// the order's create never arrived or was refused unheard), whatever its other fields say, since a
// form left at the provider's defaults can match them all (docs/reliability.md "Ownership"). The
// worker holds such an order instead of adopting it; support may cancel it, leaving the resource
// to its maker. Only Qboxmail says when it made a resource (`created_at`).
import { Prisma, sqlRows } from "@/lib/db";
import type { Provider } from "@/lib/generated/prisma/enums";

/**
 * How far before this order's first create a found resource's creation time may lie and still be
 * taken for the order's own: the provider's clock and ours may differ by this much.
 */
const CREATED_BEFORE_SLACK_MS = 15 * 60_000;
/** A time with its zone (`Z`, `+01:00`): one without could be the provider's local time, read as ours. */
const WITH_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * True when `data` (the found resource) says it was created before the order's first create
 * attempt, less the slack; for an order with no create attempt on record (one a restore from a
 * backup marked to be looked up first, lib/orders/after-restore.ts), before the order was placed.
 * A time without its zone, or none, tells nothing: false.
 */
export async function createdBeforeFirstCreate(orderId: string, provider: Provider, data: unknown): Promise<boolean> {
  if (provider !== "qboxmail") return false;
  const stamp = String((data as { created_at?: unknown } | null)?.created_at ?? "").trim();
  const created = WITH_ZONE.test(stamp) ? Date.parse(stamp) : Number.NaN;
  if (!Number.isFinite(created)) return false;
  const [row] = await sqlRows<{ first: Date | null }>(Prisma.sql`
    SELECT coalesce(
      (SELECT min(started_at) FROM attempt WHERE order_id = ${orderId}::uuid AND kind = 'create'),
      (SELECT created_at FROM "order" WHERE id = ${orderId}::uuid)) AS first`);
  return row?.first != null && created < row.first.getTime() - CREATED_BEFORE_SLACK_MS;
}

/** The only documented Qboxmail status words (docs/upstream/qboxmail-lifecycle.md "Status words"). */
const SETTLED_STATUSES = new Set(["enabled", "disabled", "ownership_check"]);

/**
 * The status of a found Qboxmail resource that keeps it from being adopted, or undefined. Any
 * word but the documented three is the provider at work on it, a queued deletion among them
 * (docs/upstream/qboxmail-lifecycle.md "Deletion may be queued": such a domain keeps its name), so
 * it is not adopted as delivered. A status is judged only when reported.
 */
export function unsettledStatus(provider: Provider, data: unknown): string | undefined {
  if (provider !== "qboxmail") return undefined;
  const raw = (data as { status?: unknown } | null)?.status;
  // A record that shows no status is not judged by it: its fields are not documented one by one.
  if (raw === undefined || raw === null) return undefined;
  // Trimmed and without case, as lib/services/upstream-state.ts reads status words (that folder
  // is above this one, so its helper is not imported here).
  return SETTLED_STATUSES.has(String(raw).trim().toLowerCase()) ? undefined : String(raw);
}
