// A grommunio server delete must not overtake a domain order bound for that server
// (docs/lifecycle.md "Deleting a grommunio server"): a delete that ran first would leave the
// domain's create with no server ("Invalid homeserver"). Both placements therefore check the
// other side inside the insert's transaction, after taking an advisory lock on the server:
// domain placements share it (they never conflict with each other), a delete takes it alone. The
// check is a statement after the lock, so under READ COMMITTED it sees whatever the other side
// committed before the lock was granted: of two placements racing, the second one sees the first.
//
// A domain names its server by grommunio ID (`homeserver`) or, while the server is still being
// ordered, by the server order (`homeserverOrderId`, kept as `depends_on_order_id`); a delete
// takes both keys of its server, so either kind of domain placement meets it.

import { lockOn } from "@/lib/advisory-lock";
import { Prisma } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { v, vTyped } from "@/lib/i18n/validation";
import type { FieldErrors } from "@/lib/upstream/result";

/** Sends one statement inside the insert's transaction. */
export type Rows = <R>(statement: Prisma.Sql) => Promise<R[]>;

/** What a domain order is bound for: a grommunio server ID, or a server order it waits for. */
export type ServerTarget = { serverId: number } | { serverOrderId: string };

/** Thrown by a guard inside the insert's transaction (which then rolls back): the refusal to show. */
export class RetirementConflict extends Error {
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly formError?: string,
  ) {
    super(formError ?? Object.values(fieldErrors).flat().join(" "));
    this.name = "RetirementConflict";
  }
}

// The open statuses written out (lib/orders/vocabulary.ts OPEN_STATUSES): a literal list lets the
// planner use the partial index "order_open_domain_homeserver", whose predicate is the same list.
export const OPEN = Prisma.raw(`('pending', 'queued', 'provisioning', 'retrying', 'unknown', 'held')`);

const lockKey = (target: ServerTarget) =>
  "serverId" in target ? `grommunio-server:${target.serverId}` : `grommunio-server-order:${target.serverOrderId}`;

/**
 * The guard of a grommunio domain placement bound for `target`: refuses when the server has a
 * delete order still open, or is no longer usable (a delete that succeeded since the early check;
 * the same rule as usableServerError in usable-servers.ts).
 */
export function domainPlacementGuard(
  resellerId: string,
  target: ServerTarget,
  opts: { requireUsable: boolean } = { requireUsable: true },
): (sql: Rows) => Promise<void> {
  return async (sql) => {
    await sql(lockOn(lockKey(target), "shared"));
    // A shared server's delete is its owner's order: its id is named to that reseller only.
    const [row] = await sql<{ deleting: string | null; ownDelete?: boolean; live: boolean; foreign?: boolean }>(
      "serverId" in target
        ? Prisma.sql`
      SELECT d.id AS deleting, d.reseller_id = ${resellerId}::uuid AS "ownDelete",
             (EXISTS (SELECT 1 FROM "order" o
                       WHERE o.reseller_id = ${resellerId}::uuid AND o.kind = 'grommunio_server' AND o.status = 'succeeded'
                         AND o.action = 'create' AND o.upstream_ref = ${String(target.serverId)}
                         AND NOT EXISTS (SELECT 1 FROM service v WHERE v.create_order_id = o.id AND v.status <> 'active'))
              OR EXISTS (SELECT 1 FROM shared_grommunio_server s
                          WHERE s.reseller_id = ${resellerId}::uuid AND s.server_id = ${target.serverId}::int)) AS live,
             EXISTS (SELECT 1 FROM service v
                      WHERE v.kind = 'grommunio_server' AND v.status = 'active'
                        AND v.upstream_ref = ${String(target.serverId)} AND v.reseller_id <> ${resellerId}::uuid) AS foreign
      FROM (SELECT 1) one
      LEFT JOIN LATERAL (SELECT x.id, x.reseller_id FROM service v JOIN "order" x ON x.service_id = v.id
               WHERE v.kind = 'grommunio_server' AND v.status = 'active' AND v.upstream_ref = ${String(target.serverId)}
                 AND x.action = 'delete' AND x.status IN ${OPEN} LIMIT 1) d ON true`
        : Prisma.sql`
      SELECT (SELECT x.id FROM service v JOIN "order" x ON x.service_id = v.id
               WHERE v.create_order_id = ${target.serverOrderId}::uuid
                 AND x.action = 'delete' AND x.status IN ${OPEN} LIMIT 1) AS deleting,
             NOT EXISTS (SELECT 1 FROM service v
                          WHERE v.create_order_id = ${target.serverOrderId}::uuid AND v.status <> 'active') AS live,
             EXISTS (SELECT 1 FROM "order" so JOIN service v
                       ON v.kind = 'grommunio_server' AND v.status = 'active' AND v.upstream_ref = so.upstream_ref
                      WHERE so.id = ${target.serverOrderId}::uuid AND v.reseller_id <> ${resellerId}::uuid) AS foreign`,
    );
    if ("serverId" in target) {
      const id = target.serverId;
      if (row?.deleting)
        throw new RetirementConflict({
          homeserver: [
            row.ownDelete
              ? said("serverBeingDeleted", { id, order: row.deleting })
              : said("sharedServerBeingDeleted", { id }),
          ],
        });
      // Not asked again of an order sent again (it was accepted once, and grommunio answers for a
      // server that is gone), but never onto a server that is another reseller's service now.
      if ((opts.requireUsable || row?.foreign) && !row?.live)
        throw new RetirementConflict({ homeserver: [vTyped("serverNotYours", { id })] });
    } else {
      const serverOrder = target.serverOrderId;
      if (row?.deleting)
        throw new RetirementConflict({
          homeserverOrderId: [said("serverOrderBeingDeleted", { serverOrder, order: row.deleting })],
        });
      // As for a server named by its ID: never onto a server that is another reseller's now.
      if ((opts.requireUsable || row?.foreign) && !row?.live)
        throw new RetirementConflict({ homeserverOrderId: [v("serverOrderNotFailed")] });
    }
  };
}

/** The server a delete retires: its service's grommunio ID, name and create order. */
export type RetiredServer = { upstreamRef: string | null; displayName: string; createOrderId: string | null };

/**
 * The guard of a grommunio server delete: refuses while domain orders bound for the server are
 * still open, whichever reseller placed them (a shared server carries other resellers' domains).
 * The refusal lists the placing reseller's own orders only.
 */
export function serverDeleteGuard(resellerId: string, server: RetiredServer): (sql: Rows) => Promise<void> {
  const keys = [
    ...(server.upstreamRef ? [lockKey({ serverId: Number(server.upstreamRef) })] : []),
    ...(server.createOrderId ? [lockKey({ serverOrderId: server.createOrderId })] : []),
  ];
  return async (sql) => {
    // Both keys in one fixed order (ID, then order): two deletes of one server queue behind each
    // other, and a domain placement holds only one key, so no cycle can form.
    for (const key of keys) await sql(lockOn(key, "alone"));
    const byServerId = server.upstreamRef
      ? Prisma.sql`(o.payload ->> 'homeserver') = ${server.upstreamRef}::text`
      : Prisma.sql`false`;
    const byServerOrder = server.createOrderId
      ? Prisma.sql`o.depends_on_order_id = ${server.createOrderId}::uuid`
      : Prisma.sql`false`;
    const [row] = await sql<{ n: number; own: string[] | null }>(Prisma.sql`
      SELECT count(*)::int AS n,
             (array_agg(o.id::text ORDER BY o.created_at, o.id) FILTER (WHERE o.reseller_id = ${resellerId}::uuid))[1:3] AS own
        FROM "order" o
       WHERE o.kind = 'grommunio_domain' AND o.action = 'create' AND o.status IN ${OPEN}
         AND (${byServerId} OR ${byServerOrder})`);
    const count = row?.n ?? 0;
    if (count === 0) return;
    const own = row?.own ?? [];
    const name = server.displayName;
    throw new RetirementConflict(
      {},
      own.length > 0
        ? said("serverHasOpenDomainOrders", { name, count, orders: own.join(", ") + (count > own.length ? ", …" : "") })
        : said("serverHasOthersOpenDomainOrders", { name, count }),
    );
  };
}
