// The order row and its "order.placed" audit event in one statement. Placing is on the web's hot
// path (docs/design.md#budgets: ≥ 200 orders/s).
//
// Near the reseller's limit the insert is guarded: an advisory lock for this reseller's limit
// (serialising only placements that count against the same limit of the same reseller), then
// the insert, which counts afresh after the lock (READ COMMITTED: each statement sees what
// committed before it) and inserts only below the limit. Far from the limit the lock would only
// serialise a busy reseller's placements, and the early check cannot be overrun: that would
// take more than LIMIT_HEADROOM placements of one reseller in flight at the same moment.
// A placement that conflicts with another kind of order on one resource (a grommunio domain and
// a delete of its server) passes a `lockedCheck`, run in the same transaction before the insert.

import { lockOn } from "@/lib/advisory-lock";
import { Prisma, sqlTransaction } from "@/lib/db";
import type { OrderAction, OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { preparedSql } from "@/lib/prepared-sql";
import { lockAllEndpoints, placementOutbox } from "@/lib/webhooks/outbox-sql";
import { limitFor, usedAgainstLimitSql } from "./order-checks";

export type NewOrder = {
  id: string;
  resellerId: string;
  customerId: string;
  createdById: string;
  actorLabel: string | null;
  kind: OrderKind;
  provider: Provider;
  status: OrderStatus;
  naturalKey: string;
  displayName: string;
  payload: Prisma.InputJsonValue;
  sealedSecret: Buffer | null;
  idempotencyKey: string;
  dependsOnOrderId: string | null;
  auditAfter: Prisma.InputJsonValue;
  /** A change order acts on an existing service (docs/lifecycle.md); create orders leave these out. */
  action?: OrderAction;
  serviceId?: string | null;
  upstreamRef?: string | null;
  reason: string | null;
};

/** Within this many orders of its limit, a reseller's placements take the guarded path. */
export const LIMIT_HEADROOM = 200;

/** What the insert wrote that the caller did not choose: the answer to a placement is built from it. */
export type InsertedOrder = { createdAt: Date; updatedAt: Date; payload: unknown; placedAt: Date };

/**
 * "placed" (with what was written); "taken" when the idempotency key is taken (a concurrent submission won the race);
 * "limit" when the reseller's limit for this kind is reached (guarded path only).
 */
export async function insertOrder(
  o: NewOrder,
  opts: {
    guarded: boolean;
    tx?: Pick<Prisma.TransactionClient, "$queryRaw">;
    /**
     * Runs first in the insert's transaction (after the limit lock) and throws to refuse: a check
     * that must see what a conflicting placement committed (server-retirement.ts).
     */
    lockedCheck?: (sql: <R>(statement: Prisma.Sql) => Promise<R[]>) => Promise<void>;
    /**
     * Runs last in the insert's transaction, once the row is in, and throws to take it back: a
     * check that must see what a conflicting step committed while the insert waited for it
     * (lib/services/place-change.ts: a service whose delete succeeded meanwhile).
     */
    checkAfter?: (sql: <R>(statement: Prisma.Sql) => Promise<R[]>) => Promise<void>;
    /**
     * The transaction writes more webhook events after the placement's (`checkAfter` cancels the
     * order a resubmit replaces): all of the reseller's endpoints are locked first, in id order
     * (lib/webhooks/outbox-sql.ts `lockAllEndpoints`).
     */
    moreEventsAfter?: boolean;
  },
): Promise<{ outcome: "placed"; max: number; written: InsertedOrder } | { outcome: "taken" | "limit"; max: number }> {
  // Inside the caller's transaction (support's re-create ends the old service with it); the
  // guarded path takes its own transaction and is not offered there. Without one, the statement
  // goes straight to the pool, prepared (`preparedSql`: no ORM and no planning per placement,
  // docs/benchmarks/placing.md "Placing over HTTP: prepared statements").
  if (opts.tx && opts.guarded) throw new Error("insertOrder: a guarded insert runs in its own transaction");
  const runner = opts.tx ?? preparedSql;
  const { kinds, column } = limitFor(o.kind);
  const max = Prisma.sql`(SELECT r.${Prisma.raw(column)} FROM reseller r WHERE r.id = ${o.resellerId}::uuid)`;
  const guard = opts.guarded ? Prisma.sql`WHERE (SELECT n FROM used) < ${max}` : Prisma.empty;
  const usedCount = opts.guarded
    ? Prisma.sql`SELECT ${usedAgainstLimitSql(Prisma.sql`${o.resellerId}::uuid`, kinds, max)} AS n`
    : Prisma.sql`SELECT 0 AS n`;
  const statement = Prisma.sql`
    WITH used AS (${usedCount}), placed AS (
      INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key, display_name,
                           payload, sealed_secret, idempotency_key, depends_on_order_id, queued_at, updated_at,
                           action, service_id, upstream_ref)
      SELECT ${o.id}::uuid, ${o.resellerId}::uuid, ${o.customerId}::uuid, ${o.createdById}::uuid, ${o.kind}::"OrderKind",
             ${o.provider}::"Provider", ${o.status}::"OrderStatus", ${o.naturalKey}, ${o.displayName}, ${JSON.stringify(o.payload)}::jsonb,
             ${o.sealedSecret}::bytea, ${o.idempotencyKey}, ${o.dependsOnOrderId}::uuid,
             ${o.status === "queued" ? Prisma.sql`now()` : Prisma.sql`NULL`}, now(),
             ${o.action ?? "create"}::"OrderAction", ${o.serviceId ?? null}::uuid, ${o.upstreamRef ?? null}::text
      ${guard}
      ON CONFLICT (reseller_id, idempotency_key) DO NOTHING
      RETURNING id, reseller_id, created_at, updated_at, payload
    ), audit AS (
      INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, after, reason)
      SELECT 'user', ${o.createdById}::text, ${o.actorLabel}::text, placed.reseller_id, placed.id, 'order.placed',
             ${JSON.stringify(o.auditAfter)}::jsonb, ${o.reason}::text
      FROM placed RETURNING id, at
    ), webhooks AS (${placementOutbox(o)})
    SELECT (SELECT count(*)::int FROM placed) AS n, (SELECT n FROM used) AS used, ${max} AS max,
      placed.created_at, placed.updated_at, placed.payload, audit.at AS placed_at
    FROM (SELECT 1) one LEFT JOIN placed ON true LEFT JOIN audit ON true`;
  const locked = async (sql: <R>(statement: Prisma.Sql) => Promise<R[]>) => {
    if (opts.guarded) await sql(lockOn(`order-limit:${o.resellerId}:${column}`));
    await opts.lockedCheck?.(sql);
    if (opts.moreEventsAfter) await lockAllEndpoints(sql, o.resellerId);
    const inserted = await sql<InsertRow>(statement);
    if (inserted[0]?.n === 1) await opts.checkAfter?.(sql);
    return inserted;
  };
  const rows =
    !opts.guarded && !opts.lockedCheck && !opts.checkAfter && !opts.moreEventsAfter
      ? await runner.$queryRaw<InsertRow[]>(statement)
      : opts.tx
        ? await locked((s) => runner.$queryRaw(s))
        : await sqlTransaction(locked);
  const row = rows[0]!;
  if (row.n === 1)
    return {
      outcome: "placed",
      max: row.max,
      written: {
        createdAt: row.created_at!,
        updatedAt: row.updated_at!,
        payload: row.payload,
        placedAt: row.placed_at!,
      },
    };
  return { outcome: row.used >= row.max ? "limit" : "taken", max: row.max };
}

type InsertRow = {
  n: number;
  used: number;
  max: number;
  created_at: Date | null;
  updated_at: Date | null;
  payload: unknown;
  placed_at: Date | null;
};
