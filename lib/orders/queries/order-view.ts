// One order as its reseller sees it, live: status, facts, and a timeline of its audit events
// and upstream attempts, read through the pipeline's reseller-scoped getOrderForReseller and
// narrowed here: no request or response bodies, no worker ids, no actor e-mails; only time,
// step, outcome, duration, the HTTP status and the message written for people, in the
// reseller's wording where the stored text was written for support (lib/i18n/reseller-wording.ts).
// Everything is plain JSON so the status route can send the same snapshot the page renders.
import { db } from "@/lib/db";
import { readFieldProblems } from "@/lib/i18n/field-problems";
import { portalText } from "@/lib/i18n/portal-texts";
import { resellerWording } from "@/lib/i18n/reseller-wording";
import { getOrderForReseller } from "@/lib/orders/queries/get-order";
import { buildTimeline, type TimelineEntry } from "@/lib/orders/timeline";
import type { OrderSnapshot, TimelineItem } from "./order-view-shared";

export * from "./order-view-shared";

export async function getOrderSnapshot(resellerId: string, orderId: string): Promise<OrderSnapshot | null> {
  const order = await getOrderForReseller(resellerId, orderId);
  if (!order) return null;
  const staff = await staffActors(order.audit);
  const timeline = buildTimeline(order.audit, order.attempts).map((e) => forReseller(e, staff, order.action));
  return {
    id: order.id,
    kind: order.kind,
    action: order.action,
    // A create order names no service; the service it brought into being names the order.
    serviceId: order.serviceId ?? order.createdService?.id ?? null,
    status: order.status,
    version: order.version,
    displayName: order.displayName,
    naturalKey: order.naturalKey,
    upstreamRef: order.upstreamRef,
    attemptCount: order.attemptCount,
    createSent: order.createSent,
    nextAttemptAt: order.nextAttemptAt?.toISOString() ?? null,
    lastError: resellerWording(order.lastError, order.action),
    fieldErrors: readFieldProblems(order.fieldErrors),
    createdAt: order.createdAt.toISOString(),
    finishedAt: order.finishedAt?.toISOString() ?? null,
    customer: order.customer,
    payload:
      order.payload && typeof order.payload === "object" && !Array.isArray(order.payload)
        ? (order.payload as Record<string, unknown>)
        : {},
    timeline,
  };
}

/**
 * An order's audit events as its reseller may read them through the API (docs/security.md
 * "Internal notes"): a support or admin user's reason as on the order page, and no staff
 * address in `actorLabel`. The reseller's own people and the system keep their labels; what the
 * worker or the system wrote is in the reseller's wording, for the action of the event's order
 * (`actionOf`).
 */
export async function auditForReseller<
  E extends { actorType: string; actorId: string | null; actorLabel: string | null } & AuditFacts,
>(events: readonly E[], actionOf: (e: E) => string): Promise<E[]> {
  const staff = await staffActors(events);
  return events.map((e) => {
    if (e.actorId && staff.has(e.actorId)) return { ...e, actorLabel: null, reason: resellerReason(e, staff) };
    return e.actorType === "user" ? e : { ...e, reason: resellerWording(e.reason, actionOf(e)) };
  });
}

/** The support and admin users among the people who acted on the order. */
async function staffActors(events: readonly { actorType: string; actorId: string | null }[]): Promise<Set<string>> {
  const ids = [...new Set(events.filter((e) => e.actorType === "user" && e.actorId).map((e) => e.actorId!))];
  if (ids.length === 0) return new Set();
  const rows = await db().user.findMany({
    where: { id: { in: ids }, role: { in: ["support", "admin"] } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

const NEUTRAL: Record<string, string> = {
  "order.queued": portalText("retriedBySupport"),
  "order.cancelled": portalText("cancelledBySupport"),
  "order.succeeded": portalText("resolvedBySupport"),
};

type AuditFacts = { actorId: string | null; action: string; after: unknown; reason: string | null };

/**
 * Support's reasons are internal notes (docs/security.md "Internal notes"): a reseller sees them
 * only when support ticked "show this reason to the reseller"; otherwise a neutral line.
 */
function resellerReason(e: AuditFacts, staff: Set<string>): string | null {
  if (!e.actorId || !staff.has(e.actorId)) return e.reason;
  const after = e.after && typeof e.after === "object" ? (e.after as Record<string, unknown>) : {};
  if (after.reasonVisible === true) return e.reason;
  return NEUTRAL[e.action] ?? portalText("changedBySupport");
}

/**
 * What a reseller sees of a timeline entry, as plain JSON: an event's time, action, kind of actor
 * and reason; an attempt's time, step, outcome, HTTP status, duration and message. What the
 * worker or the system wrote is in the reseller's wording for the order's `action`.
 */
function forReseller(e: TimelineEntry, staff: Set<string>, action: string): TimelineItem {
  if (e.type === "event")
    return {
      type: "event",
      id: `e${e.id}`,
      at: e.at.toISOString(),
      action: e.action,
      actor: e.actor.type === "user" ? "person" : "system",
      reason:
        e.actor.type === "user"
          ? resellerReason({ actorId: e.actor.id ?? null, action: e.action, after: e.after, reason: e.reason }, staff)
          : resellerWording(e.reason, action),
    };
  return {
    type: "attempt",
    id: e.id,
    at: e.at.toISOString(),
    number: e.number,
    kind: e.kind,
    outcome: e.outcome,
    httpStatus: e.httpStatus,
    durationMs: e.durationMs,
    message: resellerWording(e.message, action),
    finishedAt: e.finishedAt?.toISOString() ?? null,
  };
}
