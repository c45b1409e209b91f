// Reads of one service (the list is in service-list.ts). Every query is scoped by resellerId
// inside its where clause, so a wrong id yields nothing rather than another tenant's row; the one
// staff read checks the role.

import { orderChainKey } from "@/lib/audit/chain-key";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ROW = {
  id: true,
  kind: true,
  provider: true,
  status: true,
  upstreamRef: true,
  naturalKey: true,
  displayName: true,
  upstreamState: true,
  readAt: true,
  createdAt: true,
  customer: { select: { id: true, name: true } },
} as const;

export async function getService(resellerId: string, id: string) {
  if (!UUID.test(id)) return null;
  return db().service.findFirst({
    where: { id, resellerId },
    select: {
      ...ROW,
      customerId: true,
      createOrderId: true,
      settings: true,
      nextCheckAt: true,
      checkCount: true,
      endedAt: true,
    },
  });
}
export type ServiceDetail = NonNullable<Awaited<ReturnType<typeof getService>>>;

/** The orders that made and changed this service, newest first. */
export async function serviceOrders(resellerId: string, service: { id: string; createOrderId: string | null }) {
  return db().order.findMany({
    where: {
      resellerId,
      OR: [{ serviceId: service.id }, ...(service.createOrderId ? [{ id: service.createOrderId }] : [])],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: { id: true, action: true, kind: true, status: true, createdAt: true, finishedAt: true, lastError: true },
  });
}

/** The audit trail of the service: its orders' events and the service's own (activation checks, drift). */
export async function serviceAudit(resellerId: string, orderIds: string[], serviceId: string) {
  return db().auditEvent.findMany({
    where: {
      resellerId,
      OR: [
        { chainKey: { in: orderIds.map(orderChainKey) }, orderId: { in: orderIds } },
        { action: { startsWith: "service." }, after: { path: ["serviceId"], equals: serviceId } },
      ],
    },
    orderBy: { id: "desc" },
    take: 200,
    select: { id: true, at: true, action: true, actorType: true, actorLabel: true, reason: true, orderId: true },
  });
}

/** Live services of one customer, for the customer's page. */
export async function customerServices(resellerId: string, customerId: string) {
  return db().service.findMany({
    where: { resellerId, customerId, status: "active" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: ROW,
  });
}

/**
 * One service as support and administrators see it (any reseller), with its orders. Staff only:
 * anyone else gets not-found from the guard.
 */
export async function getServiceForStaff(viewer: Viewer, id: string) {
  assertStaff(viewer);
  if (!UUID.test(id)) return null;
  const service = await db().service.findUnique({
    where: { id },
    select: {
      ...ROW,
      resellerId: true,
      createOrderId: true,
      endedAt: true,
      // The allow-listed reading: support sees the provider's own detail word (a Qboxmail status_detail).
      settings: true,
      reseller: { select: { id: true, name: true } },
    },
  });
  if (!service) return null;
  const orders = await serviceOrders(service.resellerId, service);
  return { service, orders };
}
