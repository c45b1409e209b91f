// Order history across all resellers for support. Designed for 1,000,000 orders:
// keyset pagination on (created_at DESC, id DESC) with row comparison so Postgres walks one of
// the matching indexes in order and stops after a page; no OFFSET, no count of the table.
// Status lists (the "needs attention" view) become one index walk per status, merged: a single
// `status IN (…)` would read every matching row and sort them.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { type OrderListRow, type RawOrderListRow, toOrderListRow } from "@/lib/orders/queries/order-list-row";
import { type Cursor, decodeCursor, encodeCursor } from "@/lib/pagination/cursor";
import { orderSearchCondition } from "@/lib/search/order-search";
import type { SupportOrderFilters } from "./order-filters";

export type SupportOrderRow = OrderListRow & {
  provider: Provider;
  version: number;
  resellerId: string;
  resellerName: string;
};

export type SupportOrderPage = { rows: SupportOrderRow[]; nextCursor: string | null };

const PAGE_SIZE = 50;
/** Failed and held always need a person; these only when nothing has moved for a while. */
const STUCK_STATUSES: readonly OrderStatus[] = ["queued", "provisioning", "unknown", "retrying"];
const ATTENTION_STATUSES: readonly OrderStatus[] = ["failed", "held", ...STUCK_STATUSES];

export async function listSupportOrders(
  viewer: Viewer,
  filters: SupportOrderFilters,
  opts: { cursor?: string | null; limit?: number } = {},
): Promise<SupportOrderPage> {
  assertStaff(viewer);
  const limit = Math.min(Math.max(opts.limit ?? PAGE_SIZE, 1), 1000);
  const rows = await fetchOrderBatch(filters, decodeCursor(opts.cursor), limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

/** One keyset batch, no role check: callers (listSupportOrders, the CSV export) check first. */
export async function fetchOrderBatch(
  filters: SupportOrderFilters,
  cursor: Cursor | undefined,
  limit: number,
): Promise<SupportOrderRow[]> {
  const common = await commonConditions(filters, cursor);
  if (common === null) return [];
  const statuses = filters.view === "attention" ? ATTENTION_STATUSES : filters.status ? [filters.status] : null;
  let inner: Prisma.Sql;
  if (!statuses) {
    inner = branch(common, limit);
  } else {
    const stuckBefore = new Date(Date.now() - env().STUCK_AFTER_MINUTES * 60_000);
    const branches = statuses.map((s) => {
      const conds = [...common, Prisma.sql`o.status = ${s}::"OrderStatus"`];
      // "Stuck": no change for longer than the threshold (updated_at moves on every step).
      if (filters.view === "attention" && STUCK_STATUSES.includes(s))
        conds.push(Prisma.sql`o.updated_at < ${stuckBefore.toISOString()}::timestamptz`);
      return Prisma.sql`(${branch(conds, limit)})`;
    });
    inner =
      branches.length === 1
        ? branches[0]!
        : Prisma.sql`SELECT * FROM (${Prisma.join(branches, " UNION ALL ")}) u ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
  }
  const raw = await db().$queryRaw<RawRow[]>`
    SELECT p.*, r.name AS reseller_name, c.name AS customer_name
    FROM (${inner}) p
    JOIN reseller r ON r.id = p.reseller_id
    JOIN customer c ON c.id = p.customer_id
    ORDER BY p.created_at DESC, p.id DESC`;
  return raw.map(toRow);
}

function branch(conds: Prisma.Sql[], limit: number): Prisma.Sql {
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, " AND ")}` : Prisma.empty;
  return Prisma.sql`SELECT o.id, o.created_at, o.updated_at, o.status, o.kind, o.provider, o.natural_key,
      o.display_name, o.upstream_ref, o.attempt_count, o.last_error, o.version, o.reseller_id, o.customer_id
    FROM "order" o ${where} ORDER BY o.created_at DESC, o.id DESC LIMIT ${limit}`;
}

/** null when the filters cannot match anything (an unknown customer). */
async function commonConditions(f: SupportOrderFilters, cursor: Cursor | undefined): Promise<Prisma.Sql[] | null> {
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
  if (cursor)
    conds.push(Prisma.sql`(o.created_at, o.id) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`);
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
