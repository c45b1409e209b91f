// Reads of one service (the list is in service-list.ts). Every query is scoped by resellerId
// inside its where clause, so a wrong id yields nothing rather than another tenant's row; the one
// staff read checks the role.

import { orderChainKey } from "@/lib/audit/chain-key";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db, Prisma, sqlRows } from "@/lib/db";
import { FORM_KEY } from "@/lib/forms/field-errors";
import type { FieldProblems } from "@/lib/i18n/field-problems";
import { resellerWording, writtenForSupport } from "@/lib/i18n/reseller-wording";
import { auditForReseller } from "@/lib/orders/queries/order-view";
import type { ChangePayload } from "./change-kinds";

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

/** A change of the service the provider refused: what it asked for, and the problems by field. */
export type RefusedChange = { orderId: string; set: Record<string, unknown>; fieldErrors: FieldProblems };

/**
 * The service's last order when it is a change that failed on fields the provider named: the
 * service page fills its change form with what that change asked for and shows the provider's
 * words beside the fields ("Try again on the service" on the order page leads there). Anything
 * placed since (another change, a suspension) makes it history: undefined.
 */
export async function refusedChange(resellerId: string, serviceId: string): Promise<RefusedChange | undefined> {
  if (!UUID.test(serviceId)) return undefined;
  const last = await db().order.findFirst({
    where: { resellerId, serviceId, action: { not: "create" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, action: true, status: true, payload: true, fieldErrors: true },
  });
  if (last?.action !== "change" || last.status !== "failed") return undefined;
  // Problems of the request as a whole name no field: nothing of the form to start from.
  const problems = last.fieldErrors as FieldProblems | null;
  if (!problems || !Object.keys(problems).some((field) => field !== FORM_KEY)) return undefined;
  const set = (last.payload as ChangePayload | null)?.set ?? {};
  return { orderId: last.id, set, fieldErrors: problems };
}

/**
 * The orders that made and changed this service, newest first, as its reseller reads them: a last
 * error written for support in the reseller's wording (lib/i18n/reseller-wording.ts).
 */
export async function serviceOrders(resellerId: string, service: { id: string; createOrderId: string | null }) {
  const orders = await ordersOfService(resellerId, service);
  return orders.map((o) => ({ ...o, lastError: resellerWording(o.lastError, o.action) }));
}

/** The same with the stored texts, for support. */
function ordersOfService(resellerId: string, service: { id: string; createOrderId: string | null }) {
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

/** One row of a service's audit trail, as the service page shows it. */
export type ServiceAuditRow = {
  id: string;
  at: Date;
  action: string;
  actorType: string;
  actorLabel: string | null;
  reason: string | null;
  orderId: string | null;
};

/**
 * The audit trail of the service as its reseller may read it, newest first: its orders' events and
 * the service's own (activation checks, drift). Two halves, each walked by its own index and
 * merged: the orders' rows by the chain's key, the service's by the partial index on
 * `after->>'serviceId'` (migration *_audit_event_service_trail). Written as one OR, the planner
 * walked all of the reseller's audit rows newest first looking for the service's few
 * (docs/benchmarks/pages.md "A service's audit trail"). UNION, not UNION ALL: a service event
 * written by one of these orders is in both halves. Support's and administrators' rows are
 * narrowed as on the order page (docs/security.md "Internal notes"): no staff address, and their
 * reason only where support made it visible.
 */
export async function serviceAudit(
  resellerId: string,
  orderIds: string[],
  serviceId: string,
): Promise<ServiceAuditRow[]> {
  const columns = Prisma.sql`id, at, action, actor_type, actor_id, actor_label, reason, after, order_id`;
  const rows = await sqlRows<ServiceAuditRow & { actorId: string | null; after: unknown }>(Prisma.sql`
    SELECT id::text AS id, at, action, actor_type AS "actorType", actor_id::text AS "actorId",
      actor_label AS "actorLabel", reason, after, order_id AS "orderId"
    FROM (
      (SELECT ${columns} FROM audit_event
        WHERE reseller_id = ${resellerId}::uuid
          AND chain_key = ANY(${orderIds.map(orderChainKey)}::text[]) AND order_id = ANY(${orderIds}::uuid[])
        ORDER BY id DESC LIMIT ${TRAIL_ROWS})
      UNION
      (SELECT ${columns} FROM audit_event
        WHERE reseller_id = ${resellerId}::uuid AND action LIKE 'service.%' AND after->>'serviceId' = ${serviceId}
        ORDER BY id DESC LIMIT ${TRAIL_ROWS})
    ) trail
    ORDER BY trail.id DESC LIMIT ${TRAIL_ROWS}`);
  const actions = await actionsOfOrdersWithSupportTexts(resellerId, rows);
  return (await auditForReseller(rows, (e) => (e.orderId && actions.get(e.orderId)) || "create")).map(
    ({ actorId: _id, after: _after, ...row }) => row,
  );
}

/**
 * The action (create or a change) of each order whose worker or system rows hold a text written
 * for support, which the reseller reads in words for that action. Read only for those few orders,
 * so the trail's read stays two index walks (docs/benchmarks/pages.md "A service's audit trail").
 */
async function actionsOfOrdersWithSupportTexts(
  resellerId: string,
  rows: readonly { actorType: string; reason: string | null; orderId: string | null }[],
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      rows.flatMap((r) => (r.orderId && r.actorType !== "user" && writtenForSupport(r.reason) ? [r.orderId] : [])),
    ),
  ];
  if (ids.length === 0) return new Map();
  const orders = await db().order.findMany({
    where: { resellerId, id: { in: ids } },
    select: { id: true, action: true },
  });
  return new Map(orders.map((o) => [o.id, o.action]));
}
const TRAIL_ROWS = 200;

/** How many of a customer's services its page shows; the services list, filtered by customer, shows them all. */
export const CUSTOMER_PAGE_SERVICES = 100;

/** The newest live services of one customer, for the customer's page, and whether it has more. */
export async function customerServices(resellerId: string, customerId: string) {
  const rows = await db().service.findMany({
    where: { resellerId, customerId, status: "active" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: CUSTOMER_PAGE_SERVICES + 1,
    select: ROW,
  });
  return { rows: rows.slice(0, CUSTOMER_PAGE_SERVICES), more: rows.length > CUSTOMER_PAGE_SERVICES };
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
  const orders = await ordersOfService(service.resellerId, service);
  return { service, orders };
}
