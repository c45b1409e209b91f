// Reads of a reseller's services. Every query is scoped by resellerId inside its where clause, so
// a wrong id yields nothing rather than another tenant's row; the one staff read checks the role.

import punycode from "punycode/punycode.js";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { hasControlChars } from "@/lib/forms/control-chars";
import type { OrderKind, ServiceStatus } from "@/lib/generated/prisma/enums";
import { isOrderKindValue } from "@/lib/orders/vocabulary";

const SERVICE_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SERVICE_STATUSES = ["active", "deleted", "gone"] as const;

export type ServiceFilters = {
  q?: string;
  kind?: OrderKind;
  status?: ServiceStatus;
  state?: string;
  customerId?: string;
  /** Page number from 1; the list is small enough per reseller (it is bounded by the limits). */
  page?: number;
};

export function parseServiceFilters(sp: Record<string, string | string[] | undefined>): ServiceFilters {
  // A value with control characters (a hand-edited address) is ignored: Postgres refuses U+0000.
  const one = (k: string) => {
    const v = sp[k];
    return typeof v === "string" && !hasControlChars(v) ? v.trim() || undefined : undefined;
  };
  const kind = one("kind");
  const status = one("status");
  const customerId = one("customer");
  const page = Number(one("page") ?? 1);
  return {
    q: one("q")?.slice(0, 100),
    kind: isOrderKindValue(kind) ? kind : undefined,
    status: status && (SERVICE_STATUSES as readonly string[]).includes(status) ? (status as ServiceStatus) : undefined,
    state: one("state")?.slice(0, 40),
    customerId: customerId && UUID.test(customerId) ? customerId : undefined,
    page: Number.isInteger(page) && page > 0 && page < 10_000 ? page : 1,
  };
}

function searchKey(q: string): string {
  const term = q.trim().toLowerCase();
  if (/^\p{ASCII}*$/u.test(term)) return term;
  try {
    return punycode.toASCII(term);
  } catch {
    return term;
  }
}

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

/**
 * What the services list and its CSV export filter on: the reseller always, then kind, status
 * (live by default), upstream state, customer, and the search term, which matches anywhere in
 * the Unicode name, the start of the IDNA name (a Unicode term is converted), the exact upstream
 * reference, or anywhere in the customer's name (docs/search.md).
 */
function serviceWhere(resellerId: string, f: ServiceFilters) {
  const q = f.q ? searchKey(f.q) : undefined;
  const term = f.q?.trim();
  return {
    resellerId,
    ...(f.kind ? { kind: f.kind } : {}),
    status: f.status ?? "active",
    ...(f.state ? { upstreamState: f.state } : {}),
    ...(f.customerId ? { customerId: f.customerId } : {}),
    ...(q && term
      ? {
          OR: [
            { naturalKey: { startsWith: q } },
            { displayName: { contains: term, mode: "insensitive" as const } },
            { upstreamRef: { equals: term, mode: "insensitive" as const } },
            { customer: { resellerId, name: { contains: term, mode: "insensitive" as const } } },
          ],
        }
      : {}),
  };
}

export async function listServices(resellerId: string, f: ServiceFilters) {
  const page = f.page ?? 1;
  const rows = await db().service.findMany({
    where: serviceWhere(resellerId, f),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * SERVICE_PAGE_SIZE,
    take: SERVICE_PAGE_SIZE + 1,
    select: ROW,
  });
  return { rows: rows.slice(0, SERVICE_PAGE_SIZE), hasNext: rows.length > SERVICE_PAGE_SIZE };
}

/** How many services match, counted up to `cap` (the list shows "more than" beyond). */
export async function countServices(resellerId: string, f: ServiceFilters, cap = 10_000): Promise<number> {
  const found = await db().service.findMany({
    where: serviceWhere(resellerId, f),
    select: { id: true },
    take: cap + 1,
  });
  return found.length;
}

/**
 * Every matching service, newest first, in batches of `size` after the previous batch's last row
 * (Prisma's cursor: a keyset on the id, not an offset), for the CSV export.
 */
export async function serviceBatch(resellerId: string, f: ServiceFilters, after: string | null, size: number) {
  return db().service.findMany({
    where: serviceWhere(resellerId, f),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    take: size,
    select: ROW,
  });
}
export type ServiceRow = Awaited<ReturnType<typeof listServices>>["rows"][number];

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
        { orderId: { in: orderIds } },
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
      reseller: { select: { id: true, name: true } },
    },
  });
  if (!service) return null;
  const orders = await serviceOrders(service.resellerId, service);
  return { service, orders };
}
