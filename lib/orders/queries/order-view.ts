// One order as its reseller sees it, live: status, facts, and a timeline of its audit events
// and upstream attempts, read through the pipeline's reseller-scoped getOrderForReseller and
// narrowed here: no request or response bodies, no worker ids, no actor e-mails; only time,
// step, outcome and duration.
// Everything is plain JSON so the status route can send the same snapshot the page renders.
import { getOrderForReseller } from "@/lib/orders/queries/get-order";
import { buildTimeline, type TimelineEntry } from "@/lib/orders/timeline";
import type { OrderSnapshot, TimelineItem } from "./order-view-shared";
import { toFieldErrors } from "./resubmit-source";

export * from "./order-view-shared";

export async function getOrderSnapshot(resellerId: string, orderId: string): Promise<OrderSnapshot | null> {
  const order = await getOrderForReseller(resellerId, orderId);
  if (!order) return null;
  const timeline = buildTimeline(order.audit, order.attempts).map(forReseller);
  return {
    id: order.id,
    kind: order.kind,
    status: order.status,
    version: order.version,
    displayName: order.displayName,
    upstreamRef: order.upstreamRef,
    attemptCount: order.attemptCount,
    nextAttemptAt: order.nextAttemptAt?.toISOString() ?? null,
    lastError: order.lastError,
    fieldErrors: toFieldErrors(order.fieldErrors),
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

/** What a reseller sees of a timeline entry: time, step, outcome and duration; plain JSON. */
function forReseller(e: TimelineEntry): TimelineItem {
  if (e.type === "event")
    return {
      type: "event",
      id: `e${e.id}`,
      at: e.at.toISOString(),
      action: e.action,
      actor: e.actor.type === "user" ? "person" : "system",
      reason: e.reason,
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
    message: e.message,
    finishedAt: e.finishedAt?.toISOString() ?? null,
  };
}
