// Order history across all resellers for support. Designed for 1,000,000 orders:
// keyset pagination on (created_at DESC, id DESC) with row comparison so Postgres walks one of
// the matching indexes in order and stops after a page; no OFFSET, no count of the table.
// Status lists (the "needs attention" view) become one index walk per status, merged: a single
// `status IN (…)` would read every matching row and sort them.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db, Prisma, sqlRows } from "@/lib/db";
import { env } from "@/lib/env";
import type { OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { type OrderListRow, type RawOrderListRow, toOrderListRow } from "@/lib/orders/queries/order-list-row";
import { type Cursor, type CursorPage, cursorKeysetPage, decodeCursor } from "@/lib/pagination/cursor";
import { orderSearchCondition } from "@/lib/search/order-search";
import type { SupportOrderFilters } from "./order-filters";

export type SupportOrderRow = OrderListRow & {
  provider: Provider;
  version: number;
  resellerId: string;
  resellerName: string;
};

export type SupportOrderPage = CursorPage<SupportOrderRow>;

/** Totals above this are shown as "more than 10,000" (as on the reseller's list). */
export const SUPPORT_COUNT_CAP = 10_000;

const PAGE_SIZE = 50;
/** Failed and held always need a person; these only when nothing has moved for a while. */
const STUCK_STATUSES: readonly OrderStatus[] = ["queued", "provisioning", "unknown", "retrying"];
const ATTENTION_STATUSES: readonly OrderStatus[] = ["failed", "held", ...STUCK_STATUSES];

export async function listSupportOrders(
  viewer: Viewer,
  filters: SupportOrderFilters,
  opts: { cursor?: string | null; before?: string | null; limit?: number } = {},
): Promise<SupportOrderPage> {
  assertStaff(viewer);
  const limit = Math.min(Math.max(opts.limit ?? PAGE_SIZE, 1), 1000);
  const after = decodeCursor(opts.cursor);
  const before = after ? undefined : decodeCursor(opts.before);
  const rows = await fetchOrderBatch(filters, after ?? before, limit + 1, before ? "back" : "forward");
  return cursorKeysetPage(rows, limit, { after, before }, (r) => ({ at: r.createdAt, id: r.id }));
}

/**
 * How many orders the filters match (pages ignored), counted up to SUPPORT_COUNT_CAP + 1: each
 * status branch stops after that many rows, so a filter matching a million orders costs a
 * bounded count.
 */
export async function countSupportOrders(viewer: Viewer, filters: SupportOrderFilters): Promise<number> {
  assertStaff(viewer);
  const inner = await batchQuery(filters, undefined, SUPPORT_COUNT_CAP + 1, "forward");
  if (!inner) return 0;
  const [row] = await sqlRows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM (${inner}) x`);
  return row?.n ?? 0;
}

/**
 * One keyset batch, newest first, no role check: callers (listSupportOrders, the CSV export)
 * check first. `back` reads the rows just newer than the cursor (the previous page).
 */
export async function fetchOrderBatch(
  filters: SupportOrderFilters,
  cursor: Cursor | undefined,
  limit: number,
  direction: Direction = "forward",
): Promise<SupportOrderRow[]> {
  const inner = await batchQuery(filters, cursor, limit, direction);
  if (!inner) return [];
  // Straight to the pool, as the reseller's list reads (docs/benchmarks/pages.md "Pages: the support
  // list's rows"): the same statement, without the ORM's per-call work on every page.
  const raw = await sqlRows<RawRow>(Prisma.sql`
    SELECT p.*, r.name AS reseller_name, c.name AS customer_name
    FROM (${inner}) p
    JOIN reseller r ON r.id = p.reseller_id
    JOIN customer c ON c.id = p.customer_id
    ORDER BY p.created_at DESC, p.id DESC`);
  return raw.map(toRow);
}

type Direction = "forward" | "back";

/** The batch's order rows as a sub-query (null when nothing can match). */
async function batchQuery(
  filters: SupportOrderFilters,
  cursor: Cursor | undefined,
  limit: number,
  direction: Direction,
): Promise<Prisma.Sql | null> {
  const common = await commonConditions(filters, cursor, direction);
  if (common === null) return null;
  const dir = direction === "back" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const statuses = filters.view === "attention" ? ATTENTION_STATUSES : filters.status ? [filters.status] : null;
  let inner: Prisma.Sql;
  if (!statuses) {
    inner = branch(common, limit, dir);
  } else {
    const stuckBefore = new Date(Date.now() - env().STUCK_AFTER_MINUTES * 60_000);
    const branches = statuses.map((s) => {
      const conds = [...common, Prisma.sql`o.status = ${s}::"OrderStatus"`];
      // "Stuck": no change for longer than the threshold (updated_at moves on every step).
      if (filters.view === "attention" && STUCK_STATUSES.includes(s))
        conds.push(Prisma.sql`o.updated_at < ${stuckBefore.toISOString()}::timestamptz`);
      return Prisma.sql`(${branch(conds, limit, dir)})`;
    });
    inner =
      branches.length === 1
        ? branches[0]!
        : Prisma.sql`SELECT * FROM (${Prisma.join(branches, " UNION ALL ")}) u ORDER BY created_at ${dir}, id ${dir} LIMIT ${limit}`;
  }
  return inner;
}

function branch(conds: Prisma.Sql[], limit: number, dir: Prisma.Sql): Prisma.Sql {
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, " AND ")}` : Prisma.empty;
  return Prisma.sql`SELECT o.id, o.created_at, o.updated_at, o.status, o.kind, o.provider, o.natural_key,
      o.display_name, o.upstream_ref, o.attempt_count, o.last_error, o.version, o.reseller_id, o.customer_id
    FROM "order" o ${where} ORDER BY o.created_at ${dir}, o.id ${dir} LIMIT ${limit}`;
}

/** null when the filters cannot match anything (an unknown customer). */
async function commonConditions(
  f: SupportOrderFilters,
  cursor: Cursor | undefined,
  direction: Direction,
): Promise<Prisma.Sql[] | null> {
  const conds: Prisma.Sql[] = [];
  let resellerId = f.resellerId;
  if (f.customerId) {
    // A customer belongs to one reseller: adding it lets (reseller_id, customer_id, created_at)
    // serve the walk.
    const customer = await db().customer.findUnique({ where: { id: f.customerId }, select: { resellerId: true } });
    if (!customer || (resellerId && customer.resellerId !== resellerId)) return null;
    resellerId = customer.resellerId;
    conds.push(Prisma.sql`o.customer_id = ${f.customerId}::uuid`);
  }
  if (resellerId) conds.push(Prisma.sql`o.reseller_id = ${resellerId}::uuid`);
  if (f.kind) conds.push(Prisma.sql`o.kind = ${f.kind}::"OrderKind"`);
  if (f.provider) conds.push(Prisma.sql`o.provider = ${f.provider}::"Provider"`);
  if (f.from) conds.push(Prisma.sql`o.created_at >= ${`${f.from}T00:00:00Z`}::timestamptz`);
  if (f.to) conds.push(Prisma.sql`o.created_at < (${`${f.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  if (f.q?.trim()) conds.push(await orderSearchCondition(f.q, resellerId));
  const than = direction === "back" ? Prisma.sql`>` : Prisma.sql`<`;
  if (cursor)
    conds.push(Prisma.sql`(o.created_at, o.id) ${than} (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`);
  return conds;
}

type RawRow = RawOrderListRow & { provider: Provider; version: number; reseller_id: string; reseller_name: string };

function toRow(r: RawRow): SupportOrderRow {
  return {
    ...toOrderListRow(r),
    provider: r.provider,
    version: r.version,
    resellerId: r.reseller_id,
    resellerName: r.reseller_name,
  };
}
