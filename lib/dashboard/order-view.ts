// One order as its reseller sees it, live: status, facts, and a timeline of its audit events
// and upstream attempts, read through the pipeline's reseller-scoped getOrderForReseller and
// narrowed here: no request or response bodies, no worker ids, no actor e-mails; only time,
// step, outcome and duration.
// Everything is plain JSON so the status route can send the same snapshot the page renders.
import { getOrderForReseller } from "@/lib/orders/queries/get-order";
import type { OrderSnapshot, TimelineItem } from "./order-view-shared";
import { toFieldErrors } from "./resubmit-source";

export * from "./order-view-shared";

const LEAD_UP = ["order.placed", "order.pending", "order.queued", "order.provisioning"];

export async function getOrderSnapshot(resellerId: string, orderId: string): Promise<OrderSnapshot | null> {
  const order = await getOrderForReseller(resellerId, orderId);
  if (!order) return null;
  const timeline: TimelineItem[] = [
    ...order.audit.map(
      (e): TimelineItem => ({
        type: "event",
        id: `e${e.id}`,
        at: e.at.toISOString(),
        action: e.action,
        actor: e.actorType === "user" ? "person" : "system",
        reason: e.reason,
      }),
    ),
    ...order.attempts.map(
      (a): TimelineItem => ({
        type: "attempt",
        id: a.id,
        at: a.startedAt.toISOString(),
        number: a.number,
        kind: a.kind,
        outcome: a.outcome,
        httpStatus: a.httpStatus,
        durationMs: a.durationMs,
        message: a.message,
        finishedAt: a.finishedAt?.toISOString() ?? null,
      }),
    ),
  ];
  // Steps often share a millisecond. On equal times an attempt sits after the steps that lead
  // up to a call (placed, queued, provisioning) and before the state its outcome causes.
  const rank = (t: TimelineItem) => (t.type === "attempt" ? 1 : LEAD_UP.includes(t.action) ? 0 : 2);
  timeline.sort((x, y) => x.at.localeCompare(y.at) || rank(x) - rank(y));
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
