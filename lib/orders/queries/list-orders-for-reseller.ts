// A reseller's order history: keyset pagination on (created_at DESC, id DESC) with a row
// comparison, so Postgres walks the matching (reseller_id, …, created_at, id) index and stops
// after one page — deep pages cost what the first costs; no OFFSET. "Previous" walks the same
// index the other way from the first row shown. The total is counted up to a cap, so a filter
// matching a million rows costs a bounded count, not a full one.
import { z } from "zod";
import { Prisma, sqlRows } from "@/lib/db";
import type { OrderAction, OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { resellerWording } from "@/lib/i18n/reseller-wording";
import { type CursorPage, cursorKeysetPage, decodeCursor } from "@/lib/pagination/cursor";
import { orderSearchCondition } from "@/lib/search/order-search";
import { type OrderListRow, type RawOrderListRow, toOrderListRow } from "./order-list-row";

export type ResellerOrderFilters = {
  status?: OrderStatus;
  kind?: OrderKind;
  customerId?: string;
  /** The order's action: a create, or a change, suspension, resumption or deletion of a service. */
  action?: OrderAction;
  /** Only the orders of this service (its create and every later change). */
  serviceId?: string;
  /** A fragment of the name (either spelling) or the customer's name, or an exact upstream reference. */
  q?: string;
  /** Rows after this one (older): the next page. */
  cursor?: string | null;
  /** Rows before this one (newer): the previous page. Ignored when `cursor` is set. */
  before?: string | null;
  limit?: number;
};

export type ResellerOrderRow = OrderListRow & {
  action: OrderAction;
  serviceId: string | null;
  /** The stored payload (never secrets), for the order's one-sentence summary. */
  payload: Record<string, unknown>;
};

export type ResellerOrderPage = CursorPage<ResellerOrderRow>;

/** Totals above this are shown as "more than 10,000": counting further costs without informing. */
const ORDER_COUNT_CAP = 10_000;

const uuid = z.uuid();

/** The filter part of the WHERE clause, always scoped by reseller; null when nothing can match. */
async function filterConditions(resellerId: string, f: ResellerOrderFilters): Promise<Prisma.Sql[] | null> {
  if (f.customerId && !uuid.safeParse(f.customerId).success) return null;
  if (f.serviceId && !uuid.safeParse(f.serviceId).success) return null;
  const conds: Prisma.Sql[] = [Prisma.sql`o.reseller_id = ${resellerId}::uuid`];
  if (f.status) conds.push(Prisma.sql`o.status = ${f.status}::"OrderStatus"`);
  if (f.kind) conds.push(Prisma.sql`o.kind = ${f.kind}::"OrderKind"`);
  if (f.customerId) conds.push(Prisma.sql`o.customer_id = ${f.customerId}::uuid`);
  if (f.action) conds.push(Prisma.sql`o.action = ${f.action}::"OrderAction"`);
  // A create order carries no service id: its service names it (service.create_order_id).
  if (f.serviceId)
    conds.push(Prisma.sql`(o.service_id = ${f.serviceId}::uuid OR o.id = (SELECT s.create_order_id FROM service s
      WHERE s.id = ${f.serviceId}::uuid AND s.reseller_id = ${resellerId}::uuid))`);
  const q = f.q?.trim();
  if (q) conds.push(await orderSearchCondition(q, resellerId));
  return conds;
}

export async function listOrdersForReseller(
  resellerId: string,
  f: ResellerOrderFilters = {},
): Promise<ResellerOrderPage> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const conds = await filterConditions(resellerId, f);
  if (!conds) return { rows: [], nextCursor: null, prevCursor: null };
  const after = decodeCursor(f.cursor);
  const before = after ? null : decodeCursor(f.before);
  if (after) conds.push(Prisma.sql`(o.created_at, o.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`);
  if (before)
    conds.push(Prisma.sql`(o.created_at, o.id) > (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)`);
  const dir = before ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  // Plain pg, not the ORM, like the worker's and the API's hot paths: every order list and the
  // dashboard read through here (docs/benchmarks/pages.md "Pages: plain pg on the list and dashboard reads").
  const raw = await sqlRows<RawRow>(Prisma.sql`
    SELECT p.*, c.name AS customer_name FROM (
      SELECT o.id, o.created_at, o.updated_at, o.status, o.kind, o.natural_key, o.display_name, o.upstream_ref,
             o.attempt_count, o.last_error, o.customer_id, o.action, o.payload,
             coalesce(o.service_id, (SELECT s.id FROM service s WHERE s.create_order_id = o.id)) AS service_id
      FROM "order" o WHERE ${Prisma.join(conds, " AND ")}
      ORDER BY o.created_at ${dir}, o.id ${dir} LIMIT ${limit + 1}
    ) p JOIN customer c ON c.id = p.customer_id
    ORDER BY p.created_at DESC, p.id DESC`);
  return cursorKeysetPage(raw.map(toRow), limit, { after, before }, (r) => ({ at: r.createdAt, id: r.id }));
}

/** How many orders match the filters (pages ignored), counted up to ORDER_COUNT_CAP + 1. */
export async function countOrdersForReseller(
  resellerId: string,
  f: Omit<ResellerOrderFilters, "cursor" | "before" | "limit"> = {},
): Promise<{ count: number; capped: boolean }> {
  const conds = await filterConditions(resellerId, f);
  if (!conds) return { count: 0, capped: false };
  const [row] = await sqlRows<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM "order" o WHERE ${Prisma.join(conds, " AND ")} LIMIT ${ORDER_COUNT_CAP + 1}
    ) x`);
  const n = row?.n ?? 0;
  return n > ORDER_COUNT_CAP ? { count: ORDER_COUNT_CAP, capped: true } : { count: n, capped: false };
}

type RawRow = RawOrderListRow & { action: OrderAction; service_id: string | null; payload: unknown };

// The last error in the reseller's wording: these rows are the reseller's list, CSV and API list.
function toRow(r: RawRow): ResellerOrderRow {
  return {
    ...toOrderListRow(r),
    lastError: resellerWording(r.last_error, r.action),
    action: r.action,
    serviceId: r.service_id,
    payload:
      r.payload && typeof r.payload === "object" && !Array.isArray(r.payload)
        ? (r.payload as Record<string, unknown>)
        : {},
  };
}
