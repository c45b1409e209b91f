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
import { endpointAddress } from "@/lib/webhooks/endpoint-address";

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
  /** How many of the order's oldest events and attempts the timeline leaves out (see TIMELINE_EVENTS). */
  omitted: { events: number; attempts: number };
  /** The order's webhook deliveries, newest first (at most DELIVERIES_SHOWN), and how many in all. */
  deliveries: { rows: OrderDelivery[]; total: number };
};

/**
 * One webhook delivery of the order's events: what the reseller's receiver was told and what it
 * answered. The endpoint by its scheme and host only, and its id: receivers often carry their
 * token in the path or the query. The payload and the signing secret are not read.
 */
export type OrderDelivery = {
  id: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attemptCount: number;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  endpoint: { id: string; address: string; disabled: boolean };
};

const DELIVERIES_SHOWN = 50;

// An order retried for days can gather thousands of events and calls; the page shows the newest
// (what support acts on) and says how many older ones it leaves out.
export const TIMELINE_EVENTS = 2_000;
export const TIMELINE_ATTEMPTS = 1_000;

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
  const eventsWhere = { chainKey: orderChainKey(orderId), orderId };
  const [newestEvents, newestAttempts, deliveries, deliveryCount] = await Promise.all([
    // One more than shown tells whether anything is left out; only then are they counted.
    db().auditEvent.findMany({ where: eventsWhere, orderBy: { id: "desc" }, take: TIMELINE_EVENTS + 1 }),
    db().attempt.findMany({ where: { orderId }, orderBy: { number: "desc" }, take: TIMELINE_ATTEMPTS + 1 }),
    db().webhookDelivery.findMany({
      where: { orderId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: DELIVERIES_SHOWN,
      select: {
        id: true,
        eventType: true,
        status: true,
        attemptCount: true,
        lastAttemptAt: true,
        lastStatusCode: true,
        lastError: true,
        createdAt: true,
        deliveredAt: true,
        endpoint: { select: { id: true, url: true, disabledAt: true } },
      },
    }),
    db().webhookDelivery.count({ where: { orderId } }),
  ]);
  const [omittedEvents, omittedAttempts] = await Promise.all([
    newestEvents.length > TIMELINE_EVENTS
      ? db()
          .auditEvent.count({ where: eventsWhere })
          .then((n) => n - TIMELINE_EVENTS)
      : 0,
    newestAttempts.length > TIMELINE_ATTEMPTS
      ? db()
          .attempt.count({ where: { orderId } })
          .then((n) => n - TIMELINE_ATTEMPTS)
      : 0,
  ]);
  const events = newestEvents.slice(0, TIMELINE_EVENTS).reverse();
  const attempts = newestAttempts.slice(0, TIMELINE_ATTEMPTS).reverse();
  const timeline = buildTimeline(events, attempts);
  return {
    order,
    timeline,
    omitted: { events: omittedEvents, attempts: omittedAttempts },
    deliveries: {
      total: deliveryCount,
      rows: deliveries.map(({ endpoint, ...d }) => ({
        ...d,
        endpoint: { id: endpoint.id, address: endpointAddress(endpoint.url), disabled: endpoint.disabledAt !== null },
      })),
    },
  };
}
