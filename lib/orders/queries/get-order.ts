// One order with its attempts and audit timeline, for the reseller's order page (scoped by
// reseller inside the query, docs/design.md invariant 7) and for support (callers check the role).
// The sealed secret is never selected.
import { z } from "zod";
import { orderChainKey } from "@/lib/audit/chain-key";
import { db } from "@/lib/db";

const BASE_FIELDS = {
  id: true,
  resellerId: true,
  customerId: true,
  kind: true,
  action: true,
  serviceId: true,
  provider: true,
  status: true,
  naturalKey: true,
  displayName: true,
  payload: true,
  upstreamRef: true,
  dependsOnOrderId: true,
  createSent: true,
  attemptCount: true,
  nextAttemptAt: true,
  fieldErrors: true,
  lastError: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  queuedAt: true,
  finishedAt: true,
  customer: { select: { id: true, name: true } },
  // A create order names no service; the service it brought names it.
  createdService: { select: { id: true } },
} as const;

const ORDER_FIELDS = {
  ...BASE_FIELDS,
  attempts: {
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      kind: true,
      workerId: true,
      startedAt: true,
      finishedAt: true,
      outcome: true,
      httpMethod: true,
      httpPath: true,
      httpStatus: true,
      durationMs: true,
      upstreamRequestId: true,
      request: true,
      response: true,
      message: true,
    },
  },
} as const;

async function timeline(orderId: string) {
  const events = await db().auditEvent.findMany({
    where: { chainKey: orderChainKey(orderId), orderId },
    orderBy: { id: "asc" },
    select: {
      id: true,
      at: true,
      actorType: true,
      actorId: true,
      actorLabel: true,
      action: true,
      before: true,
      after: true,
      reason: true,
    },
  });
  // BigInt ids do not cross the server/client boundary as JSON; strings do.
  return events.map((e) => ({ ...e, id: e.id.toString() }));
}

export async function getOrderForReseller(resellerId: string, orderId: string) {
  if (!z.uuid().safeParse(orderId).success) return null;
  const order = await db().order.findFirst({ where: { id: orderId, resellerId }, select: ORDER_FIELDS });
  if (!order) return null;
  return { ...order, audit: await timeline(order.id) };
}

/**
 * The same without the upstream attempts (their stored requests and answers are the largest part
 * of the read): what the reseller API returns for a read, and for a placement repeated with the
 * same Idempotency-Key (a new order is answered from the write).
 */
export async function getOrderWithoutAttempts(resellerId: string, orderId: string) {
  if (!z.uuid().safeParse(orderId).success) return null;
  const order = await db().order.findFirst({ where: { id: orderId, resellerId }, select: BASE_FIELDS });
  if (!order) return null;
  return { ...order, audit: await timeline(order.id) };
}

export type OrderWithoutAttempts = NonNullable<Awaited<ReturnType<typeof getOrderWithoutAttempts>>>;
