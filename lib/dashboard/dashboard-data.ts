// Everything the reseller dashboard shows, in a handful of reseller-scoped queries that each
// walk a (reseller_id, …) index: counts by status, orders needing attention, recent orders,
// usage against the reseller's limits, and 30 days of orders with their success rate.

import { db } from "@/lib/db";
import { COUNTS_AGAINST_LIMIT } from "@/lib/orders/order-checks";
import { listResellerOrders, type ResellerOrderRow } from "@/lib/orders/queries/reseller-orders";

const ATTENTION_STATUSES = ["failed", "held", "unknown", "retrying"] as const;

export type DayStats = { day: string; placed: number; succeeded: number; failed: number };
export type Usage = { label: string; used: number; max: number };

export type DashboardData = {
  customers: number;
  byStatus: Record<string, number>;
  attention: ResellerOrderRow[];
  recent: ResellerOrderRow[];
  usage: Usage[];
  days: DayStats[];
};

export async function getDashboardData(resellerId: string, now = new Date()): Promise<DashboardData> {
  const [customers, byStatus, attention, recent, usage, days] = await Promise.all([
    db().customer.count({ where: { resellerId } }),
    countsByStatus(resellerId),
    needingAttention(resellerId),
    listResellerOrders(resellerId, { limit: 8 }).then((r) => r.rows),
    usageAgainstLimits(resellerId),
    lastThirtyDays(resellerId, now),
  ]);
  return { customers, byStatus, attention, recent, usage, days };
}

async function countsByStatus(resellerId: string): Promise<Record<string, number>> {
  const rows = await db().order.groupBy({ by: ["status"], where: { resellerId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

/** Newest first, at most 8: one keyset walk per status, merged. */
async function needingAttention(resellerId: string): Promise<ResellerOrderRow[]> {
  const lists = await Promise.all(
    ATTENTION_STATUSES.map((status) => listResellerOrders(resellerId, { status, limit: 8 })),
  );
  return lists
    .flatMap((l) => l.rows)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .slice(0, 8);
}

/** Counted like the order pipeline's limit check (COUNTS_AGAINST_LIMIT). */
async function usageAgainstLimits(resellerId: string): Promise<Usage[]> {
  const [reseller, kinds] = await Promise.all([
    db().reseller.findUniqueOrThrow({
      where: { id: resellerId },
      select: { maxDomains: true, maxManagers: true, maxServers: true },
    }),
    db().order.groupBy({
      by: ["kind"],
      where: { resellerId, ...COUNTS_AGAINST_LIMIT },
      _count: { _all: true },
    }),
  ]);
  const count = (k: string) => kinds.find((r) => r.kind === k)?._count._all ?? 0;
  return [
    { label: "Domains", used: count("qboxmail_domain") + count("grommunio_domain"), max: reseller.maxDomains },
    { label: "Qboxmail managers", used: count("qboxmail_manager"), max: reseller.maxManagers },
    { label: "grommunio servers", used: count("grommunio_server"), max: reseller.maxServers },
  ];
}

/** Orders placed per UTC day over the last 30 days (today included), with their outcomes so far. */
async function lastThirtyDays(resellerId: string, now: Date): Promise<DayStats[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - 29 * 86_400_000);
  const rows = await db().$queryRaw<{ day: string; placed: bigint; succeeded: bigint; failed: bigint }[]>`
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           count(*) AS placed,
           count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
           count(*) FILTER (WHERE status = 'failed') AS failed
    FROM "order"
    WHERE reseller_id = ${resellerId}::uuid AND created_at >= ${from.toISOString()}::timestamptz
    GROUP BY 1`;
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
