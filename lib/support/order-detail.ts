// One order as support sees it: the order, and one timeline merging its audit events
// (state changes, people's actions, reconciliation decisions) with its upstream attempts.
// Attempt rows already hold only allow-listed request/response fields (lib/upstream), and the
// order's sealed secret is never selected.
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import type { AttemptKind, AttemptOutcome, OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { assertStaff, type Viewer } from "./guard";

export type TimelineEntry =
  | {
      type: "event";
      category: "state" | "person" | "reconciliation" | "other";
      at: Date;
      id: string;
      action: string;
      actor: { type: string; id: string | null; label: string | null };
      before: unknown;
      after: unknown;
      reason: string | null;
    }
  | {
      type: "attempt";
      category: "call" | "reconciliation";
      at: Date;
      id: string;
      number: number;
      kind: AttemptKind;
      outcome: AttemptOutcome | null;
      finishedAt: Date | null;
      method: string | null;
      path: string | null;
      httpStatus: number | null;
      durationMs: number | null;
      requestId: string | null;
      request: unknown;
      response: unknown;
      message: string | null;
      workerId: string;
    };

export type SupportOrderDetail = {
  order: {
    id: string;
    kind: OrderKind;
    provider: Provider;
    status: OrderStatus;
    version: number;
    naturalKey: string;
    displayName: string;
    payload: unknown;
    upstreamRef: string | null;
    attemptCount: number;
    nextAttemptAt: Date | null;
    lastError: string | null;
    fieldErrors: unknown;
    createSent: boolean;
    createdAt: Date;
    updatedAt: Date;
    finishedAt: Date | null;
    reseller: { id: string; name: string };
    customer: { id: string; name: string };
    createdBy: { id: string; email: string };
  };
  timeline: TimelineEntry[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getSupportOrderDetail(viewer: Viewer, orderId: string): Promise<SupportOrderDetail> {
  assertStaff(viewer);
  if (!UUID.test(orderId)) notFound();
  const order = await db().order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      kind: true,
      provider: true,
      status: true,
      version: true,
      naturalKey: true,
      displayName: true,
      payload: true,
      upstreamRef: true,
      attemptCount: true,
      nextAttemptAt: true,
      lastError: true,
      fieldErrors: true,
      createSent: true,
      createdAt: true,
      updatedAt: true,
      finishedAt: true,
      reseller: { select: { id: true, name: true } },
      customer: { select: { id: true, name: true } },
      createdBy: { select: { id: true, email: true } },
    },
  });
  if (!order) notFound();
  const [events, attempts] = await Promise.all([
    db().auditEvent.findMany({ where: { orderId }, orderBy: { id: "asc" }, take: 2_000 }),
    db().attempt.findMany({ where: { orderId }, orderBy: { number: "asc" }, take: 1_000 }),
  ]);
  const timeline: TimelineEntry[] = [
    ...events.map(
      (e): TimelineEntry => ({
        type: "event",
        category: eventCategory(e.action, e.actorType),
        at: e.at,
        id: e.id.toString(),
        action: e.action,
        actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
        before: e.before,
        after: e.after,
        reason: e.reason,
      }),
    ),
    ...attempts.map(
      (a): TimelineEntry => ({
        type: "attempt",
        category: a.kind === "lookup" ? "reconciliation" : "call",
        at: a.startedAt,
        id: a.id,
        number: a.number,
        kind: a.kind,
        outcome: a.outcome,
        finishedAt: a.finishedAt,
        method: a.httpMethod,
        path: a.httpPath,
        httpStatus: a.httpStatus,
        durationMs: a.durationMs,
        requestId: a.upstreamRequestId,
        request: a.request,
        response: a.response,
        message: a.message,
        workerId: a.workerId,
      }),
    ),
  ];
  // An attempt starts before the state change its outcome causes, so time order reads as a story;
  // on equal times attempts come first for the same reason.
  timeline.sort((x, y) => x.at.getTime() - y.at.getTime() || (x.type === y.type ? 0 : x.type === "attempt" ? -1 : 1));
  return { order, timeline };
}

function eventCategory(action: string, actorType: string): "state" | "person" | "reconciliation" | "other" {
  if (/reconcil|lookup|adopt/i.test(action)) return "reconciliation";
  if (actorType === "user") return "person";
  if (action.startsWith("order.")) return "state";
  return "other";
}
