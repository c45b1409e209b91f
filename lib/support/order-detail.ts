// One order as support sees it: the order, and one timeline merging its audit events
// (state changes, people's actions, reconciliation decisions) with its upstream attempts.
// Attempt rows already hold only allow-listed request/response fields (lib/upstream), and the
// order's sealed secret is never selected.
import { notFound } from "next/navigation";
import { orderChainKey } from "@/lib/audit/chain-key";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { buildTimeline, type TimelineEntry } from "@/lib/orders/timeline";

export type { TimelineEntry };

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
    /** The service a change order acts on, or the one a create order brought into being. */
    serviceId: string | null;
    createdService: { id: string } | null;
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
      serviceId: true,
      createdService: { select: { id: true } },
    },
  });
  if (!order) notFound();
  const [events, attempts] = await Promise.all([
    db().auditEvent.findMany({
      where: { chainKey: orderChainKey(orderId), orderId },
      orderBy: { id: "asc" },
      take: 2_000,
    }),
    db().attempt.findMany({ where: { orderId }, orderBy: { number: "asc" }, take: 1_000 }),
  ]);
  const timeline = buildTimeline(events, attempts);
  return { order, timeline };
}
