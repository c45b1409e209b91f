// Everything the reseller dashboard shows, in a handful of reseller-scoped queries that each
// walk a (reseller_id, …) index: counts by status, orders needing attention, recent orders,
// usage against the reseller's limits, and 30 days of orders with their success rate.
// No query reads all of the reseller's orders: counts stop at a cap (docs/benchmarks/pages.md
// "Dashboard"), so a view costs the same at a million orders as at ten thousand.

import { Prisma, sqlRows } from "@/lib/db";
import { limitFor, usedAgainstLimitSql } from "@/lib/orders/order-checks";
import { listResellerOrders, type ResellerOrderRow } from "@/lib/orders/queries/reseller-orders";

const ATTENTION_STATUSES = ["failed", "held", "unknown", "retrying"] as const;

export type DayStats = { day: string; placed: number; succeeded: number; failed: number };
/** `used` is exact up to `max`; above, it is `max + 1` and `over` is set (counted no further). */
export type Usage = { label: string; used: number; max: number; over: boolean };

/**
 * Each status is counted up to this; the page shows "more than 1,000" beyond. Counting to 10,000
 * (the order list's cap) cost 12–24 ms at a million orders, most of a 50 ms page (docs/benchmarks/pages.md
 * "Dashboard"); the order list a count links to gives the finer total.
 */
export const STATUS_COUNT_CAP = 1_000;

export type DashboardData = {
  customers: number;
  /** Orders per status, exact up to STATUS_COUNT_CAP; a count above the cap means "more than the cap". */
  byStatus: Record<string, number>;
  attention: ResellerOrderRow[];
  recent: ResellerOrderRow[];
  usage: Usage[];
  days: DayStats[];
};

/** `timeZone`: the viewer's (an IANA name), whose calendar days the chart counts. */
export async function getDashboardData(resellerId: string, now = new Date(), timeZone = "UTC"): Promise<DashboardData> {
  const [customers, byStatus, attention, recent, usage, days] = await Promise.all([
    sqlRows<{ n: number }>(
      Prisma.sql`SELECT count(*)::int AS n FROM customer WHERE reseller_id = ${resellerId}::uuid`,
    ).then(([row]) => row?.n ?? 0),
    countsByStatus(resellerId),
    needingAttention(resellerId),
    listResellerOrders(resellerId, { limit: 8 }).then((r) => r.rows),
    usageAgainstLimits(resellerId),
    lastThirtyDays(resellerId, now, timeZone),
  ]);
  return { customers, byStatus, attention, recent, usage, days };
}

/**
 * One bounded count per status, each walking the (reseller_id, status, …) index and stopping one
 * past the cap: a reseller with a million succeeded orders costs 1,001 index entries, not a
 * million. A count above the cap means "more than STATUS_COUNT_CAP"; exactly the cap is exact.
 */
async function countsByStatus(resellerId: string): Promise<Record<string, number>> {
  const rows = await sqlRows<{ status: string; n: number }>(Prisma.sql`
    SELECT s.status::text AS status,
           (SELECT count(*)::int FROM (
              SELECT 1 FROM "order" o WHERE o.reseller_id = ${resellerId}::uuid AND o.status = s.status
              LIMIT ${STATUS_COUNT_CAP + 1}) x) AS n
    FROM unnest(enum_range(NULL::"OrderStatus")) AS s(status)`);
  return Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.status, r.n]));
}

/**
 * Newest first, at most 8: one keyset walk per status, merged. A failed order stays failed for
 * good (a reseller can neither cancel it nor, for a change, resubmit it), so one the reseller has
 * since dealt with is left out, or a few of those would fill the section for good: a failed
 * change, suspension or deletion placed again since (a change setting at least the same fields)
 * by an order that did not fail, or whose service has ended; a failed create ordered again since,
 * or whose name is a live service of the reseller's.
 */
async function needingAttention(resellerId: string): Promise<ResellerOrderRow[]> {
  const lists = await Promise.all(
    ATTENTION_STATUSES.map((status) =>
      listResellerOrders(resellerId, { status, limit: status === "failed" ? FAILED_LOOKED_AT : 8 }),
    ),
  );
  const failed = lists.flatMap((l) => l.rows).filter((r) => r.status === "failed");
  const settled = failed.length
    ? await dealtWith(
        resellerId,
        failed.map((r) => r.id),
      )
    : new Set<string>();
  return lists
    .flatMap((l) => l.rows)
    .filter((r) => !settled.has(r.id))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .slice(0, 8);
}

/** How many of the newest failed orders are looked at, so that 8 remain after those dealt with. */
const FAILED_LOOKED_AT = 40;

/** Which of these failed orders the reseller has dealt with since (needingAttention says how). */
async function dealtWith(resellerId: string, ids: string[]): Promise<Set<string>> {
  const rows = await sqlRows<{ id: string }>(Prisma.sql`
    SELECT o.id::text AS id FROM "order" o
    WHERE o.id = ANY(${ids}::uuid[]) AND o.reseller_id = ${resellerId}::uuid
      AND CASE WHEN o.action <> 'create' THEN
            -- Its service has ended, or the same action was placed again since and did not fail
            -- (nor was cancelled); a change only by one that set every field it set, and a new
            -- password if it carried one.
            EXISTS (SELECT 1 FROM service s WHERE s.id = o.service_id AND s.status <> 'active')
            OR EXISTS (SELECT 1 FROM "order" n
                        WHERE n.service_id = o.service_id AND n.action = o.action AND n.created_at > o.created_at
                          AND n.status NOT IN ('failed', 'cancelled')
                          AND (o.action <> 'change'
                               OR (coalesce(n.payload->'set', '{}'::jsonb)
                                     ?& ARRAY(SELECT jsonb_object_keys(coalesce(o.payload->'set', '{}'::jsonb)))
                                   AND (o.payload->>'password' IS NULL OR n.payload->>'password' = 'true'))))
          ELSE
            -- Ordered again since (edit and resubmit) by an order that did not fail nor was
            -- cancelled, or its name is a live service of the reseller's.
            EXISTS (SELECT 1 FROM "order" n WHERE n.reseller_id = o.reseller_id AND n.kind = o.kind
                      AND n.natural_key = o.natural_key AND n.action = 'create' AND n.created_at > o.created_at
                      AND n.status NOT IN ('failed', 'cancelled'))
            OR EXISTS (SELECT 1 FROM service s WHERE s.reseller_id = o.reseller_id AND s.kind = o.kind
                         AND s.natural_key = o.natural_key AND s.status = 'active')
          END`);
  return new Set(rows.map((r) => r.id));
}

/**
 * Counted as placing counts (usedAgainstLimitSql), stopping one past the limit: "more than".
 */
async function usageAgainstLimits(resellerId: string): Promise<Usage[]> {
  const [reseller] = await sqlRows<{ maxDomains: number; maxManagers: number; maxServers: number }>(Prisma.sql`
    SELECT max_domains AS "maxDomains", max_managers AS "maxManagers", max_servers AS "maxServers"
    FROM reseller WHERE id = ${resellerId}::uuid`);
  if (!reseller) throw new Error(`reseller ${resellerId} not found`);
  const meters = [
    { label: "Domains", kinds: limitFor("qboxmail_domain").kinds, max: reseller.maxDomains },
    { label: "Qboxmail managers", kinds: limitFor("qboxmail_manager").kinds, max: reseller.maxManagers },
    { label: "grommunio servers", kinds: limitFor("grommunio_server").kinds, max: reseller.maxServers },
  ];
  return Promise.all(
    meters.map(async ({ label, kinds, max }) => {
      const [row] = await sqlRows<{ n: number }>(
        Prisma.sql`SELECT ${usedAgainstLimitSql(Prisma.sql`${resellerId}::uuid`, kinds, Prisma.sql`${Math.max(max, 0) + 1}::int`)} AS n`,
      );
      const used = row?.n ?? 0;
      return { label, used, max, over: used > max };
    }),
  );
}

/**
 * Orders placed per calendar day of `timeZone` over the last 30 days (today included), with their
 * outcomes so far. Postgres counts per quarter hour, and each quarter is given to its day here:
 * every zone's offset is a whole number of quarter hours, so no quarter straddles a midnight, and
 * the zone is read by the runtime's Intl, which knows every zone a viewer can pick (Postgres's own
 * zone list may be older).
 */
async function lastThirtyDays(resellerId: string, now: Date, timeZone: string): Promise<DayStats[]> {
  const parts = new Intl.DateTimeFormat("en", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  // YYYY-MM-DD from the parts, whatever order or separators the locale data gives them.
  const dayOf = {
    format: (d: Date) => {
      const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day}`;
    },
  };
  const today = Date.parse(`${dayOf.format(now)}T00:00:00Z`);
  const days = Array.from({ length: 30 }, (_, i) => new Date(today - (29 - i) * 86_400_000).toISOString().slice(0, 10));
  // No zone is more than 14 hours ahead of UTC: the first day cannot start before this.
  const from = new Date(today - 29 * 86_400_000 - 14 * 3_600_000);
  // count(*) is int8, which pg hands over as a string: Number() below reads either.
  const rows = await sqlRows<{ slot: Date; placed: string; succeeded: string; failed: string }>(Prisma.sql`
    SELECT date_bin('15 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS slot,
           count(*) AS placed,
           count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
           count(*) FILTER (WHERE status = 'failed') AS failed
    FROM "order"
    WHERE reseller_id = ${resellerId}::uuid AND created_at >= ${from.toISOString()}::timestamptz
    GROUP BY 1`);
  const byDay = new Map(days.map((day) => [day, { day, placed: 0, succeeded: 0, failed: 0 }]));
  for (const r of rows) {
    const d = byDay.get(dayOf.format(new Date(r.slot)));
    if (!d) continue;
    d.placed += Number(r.placed);
    d.succeeded += Number(r.succeeded);
    d.failed += Number(r.failed);
  }
  return [...byDay.values()];
}

/** Succeeded out of the orders that finished either way; null when none did. */
export function successRate(d: Pick<DayStats, "succeeded" | "failed">): number | null {
  const settled = d.succeeded + d.failed;
  return settled === 0 ? null : d.succeeded / settled;
}
