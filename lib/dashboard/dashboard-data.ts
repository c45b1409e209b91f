// Everything the reseller dashboard shows, in five reseller-scoped statements (and the names the
// orders' summaries mention) that each walk (reseller_id, …) indexes: the customers and the counts
// by status, orders needing attention, recent orders, usage against the reseller's limits, and 30
// days of orders with their success rate. Each statement is a round trip that costs the web about
// as much CPU as Postgres spends on it, so related reads share one (docs/benchmarks.md "Pages: the
// dashboard in five statements").
// No query reads all of the reseller's orders: counts stop at a cap (docs/benchmarks.md
// "Dashboard"), so a view costs the same at a million orders as at ten thousand.

import { Prisma, sqlRows } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { limitFor, usedAgainstLimitSql } from "@/lib/orders/order-checks";
import { listOrdersForReseller } from "@/lib/orders/queries/list-orders-for-reseller";
import { describeOrders, type ResellerOrderRow } from "@/lib/orders/queries/reseller-orders";

const ATTENTION_STATUSES: readonly OrderStatus[] = ["failed", "held", "unknown", "retrying"];
/** Rows in each of the dashboard's two order lists. */
const LIST_ROWS = 8;

export type DayStats = { day: string; placed: number; succeeded: number; failed: number };
/** `used` is exact up to `max`; above, it is `max + 1` and `over` is set (counted no further). */
export type Usage = { label: string; used: number; max: number; over: boolean };

/**
 * Each status is counted up to this; the page shows "more than 1,000" beyond. Counting to 10,000
 * (the order list's cap) cost 12–24 ms at a million orders, most of a 50 ms page (docs/benchmarks.md
 * "Dashboard"); the order list a count links to gives the finer total.
 */
export const STATUS_COUNT_CAP = 1_000;

export type DashboardData = {
  customers: number;
  /** Orders per status, exact up to STATUS_COUNT_CAP; a status at the cap has more. */
  byStatus: Record<string, number>;
  attention: ResellerOrderRow[];
  recent: ResellerOrderRow[];
  usage: Usage[];
  days: DayStats[];
};

export async function getDashboardData(resellerId: string, now = new Date()): Promise<DashboardData> {
  const [{ customers, byStatus }, { attention, recent }, usage, days] = await Promise.all([
    customersAndStatusCounts(resellerId),
    attentionAndRecent(resellerId),
    usageAgainstLimits(resellerId),
    lastThirtyDays(resellerId, now),
  ]);
  return { customers, byStatus, attention, recent, usage, days };
}

/**
 * The customer count and one bounded count per status, each walking the (reseller_id, status, …)
 * index and stopping at the cap: a reseller with a million succeeded orders costs 1,000 index
 * entries, not a million. A status at the cap means "more than STATUS_COUNT_CAP".
 */
async function customersAndStatusCounts(
  resellerId: string,
): Promise<{ customers: number; byStatus: Record<string, number> }> {
  const rows = await sqlRows<{ status: string | null; n: number }>(Prisma.sql`
    SELECT NULL AS status, count(*)::int AS n FROM customer WHERE reseller_id = ${resellerId}::uuid
    UNION ALL
    SELECT s.status::text,
           (SELECT count(*)::int FROM (
              SELECT 1 FROM "order" o WHERE o.reseller_id = ${resellerId}::uuid AND o.status = s.status
              LIMIT ${STATUS_COUNT_CAP}) x)
    FROM unnest(enum_range(NULL::"OrderStatus")) AS s(status)`);
  const customers = rows.find((r) => r.status === null)?.n ?? 0;
  const counted = rows.filter((r): r is { status: string; n: number } => r.status !== null && r.n > 0);
  return { customers, byStatus: Object.fromEntries(counted.map((r) => [r.status, r.n])) };
}

/**
 * The newest orders needing attention (one index walk per status, merged in the statement) and
 * the newest orders of all, LIST_ROWS each, described together (one look-up of the names their
 * summaries mention, not one per list).
 */
async function attentionAndRecent(
  resellerId: string,
): Promise<{ attention: ResellerOrderRow[]; recent: ResellerOrderRow[] }> {
  const [attention, recent] = await Promise.all([
    listOrdersForReseller(resellerId, { statuses: ATTENTION_STATUSES, limit: LIST_ROWS }),
    listOrdersForReseller(resellerId, { limit: LIST_ROWS }),
  ]);
  // An order can be in both lists: described once.
  const unique = new Map([...attention.rows, ...recent.rows].map((r) => [r.id, r]));
  const described = new Map((await describeOrders(resellerId, [...unique.values()])).map((r) => [r.id, r]));
  return {
    attention: attention.rows.map((r) => described.get(r.id)!),
    recent: recent.rows.map((r) => described.get(r.id)!),
  };
}

/**
 * Counted as placing counts (usedAgainstLimitSql), stopping one past the limit: "more than".
 */
async function usageAgainstLimits(resellerId: string): Promise<Usage[]> {
  const meters = [
    { label: "Domains", kinds: limitFor("qboxmail_domain").kinds, column: "max_domains" },
    { label: "Qboxmail managers", kinds: limitFor("qboxmail_manager").kinds, column: "max_managers" },
    { label: "grommunio servers", kinds: limitFor("grommunio_server").kinds, column: "max_servers" },
  ] as const;
  // The limits and the three counts in one statement; each count stops one past its limit.
  const columns = meters.map(({ kinds, column }, i) => {
    const cap = Prisma.sql`(GREATEST(r.${Prisma.raw(column)}, 0) + 1)`;
    return Prisma.sql`r.${Prisma.raw(column)} AS ${Prisma.raw(`max${i}`)},
      ${usedAgainstLimitSql(Prisma.sql`${resellerId}::uuid`, kinds, cap)} AS ${Prisma.raw(`used${i}`)}`;
  });
  const [row] = await sqlRows<Record<string, number>>(
    Prisma.sql`SELECT ${Prisma.join(columns, ", ")} FROM reseller r WHERE r.id = ${resellerId}::uuid`,
  );
  if (!row) throw new Error(`reseller ${resellerId} not found`);
  return meters.map(({ label }, i) => {
    const max = row[`max${i}`] ?? 0;
    const used = row[`used${i}`] ?? 0;
    return { label, used, max, over: used > max };
  });
}

/** Orders placed per UTC day over the last 30 days (today included), with their outcomes so far. */
async function lastThirtyDays(resellerId: string, now: Date): Promise<DayStats[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - 29 * 86_400_000);
  // count(*) is int8, which pg hands over as a string: Number() below reads either.
  const rows = await sqlRows<{ day: string; placed: string; succeeded: string; failed: string }>(Prisma.sql`
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           count(*) AS placed,
           count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
           count(*) FILTER (WHERE status = 'failed') AS failed
    FROM "order"
    WHERE reseller_id = ${resellerId}::uuid AND created_at >= ${from.toISOString()}::timestamptz
    GROUP BY 1`);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: 30 }, (_, i) => {
    const day = new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      placed: Number(r?.placed ?? 0),
      succeeded: Number(r?.succeeded ?? 0),
      failed: Number(r?.failed ?? 0),
    };
  });
}

/** Succeeded out of the orders that finished either way; null when none did. */
export function successRate(d: Pick<DayStats, "succeeded" | "failed">): number | null {
  const settled = d.succeeded + d.failed;
  return settled === 0 ? null : d.succeeded / settled;
}
