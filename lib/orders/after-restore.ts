// After a database restore, before the workers start (docs/operations.md "Restore a backup"). The
// backup holds orders that were open when it was taken; some went through at the provider after
// it. A create the backup still shows as never sent would be sent as a first create, the provider
// would answer that the name exists, and the order would fail as "someone else's name" for a
// resource that is its own. Marked as possibly sent, each is looked up first instead: adopted when
// it matches (held for support when the provider dates it before the order was placed, or before
// a create the order is recorded to have sent: lib/orders/created-before.ts), created when absent
// (docs/reliability.md "Ownership"). A marked order is no longer the reseller's to cancel. Changes open in the backup are listed for a person:
// one that went through after it would be sent again.
import { Prisma, sqlRows } from "@/lib/db";
import { freshHeartbeat } from "@/lib/jobs/heartbeat-freshness";
import { OPEN } from "@/lib/orders/server-retirement";

export type OpenAfterRestore = { action: string; status: string; count: number }[];

/**
 * How many workers beat now: the step is for a database no worker runs on yet, where none can
 * claim an order between the listing and the marking. Rows the backup holds are old, not fresh.
 */
export async function liveWorkers(): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS n FROM worker_heartbeat WHERE ${freshHeartbeat()}`);
  return row?.n ?? 0;
}

/** The orders the restored database holds open, by action and status. */
export async function openOrdersAfterRestore(): Promise<OpenAfterRestore> {
  const rows = await sqlRows<{ action: string; status: string; count: number }>(Prisma.sql`
    SELECT action::text, status::text, count(*)::int AS count FROM "order"
    WHERE status IN ${OPEN} GROUP BY action, status ORDER BY action, status`);
  return rows;
}

/**
 * Marks every open create not recorded as sent as possibly sent, with one audit event each, in
 * one statement: its next attempt is a lookup. Returns how many were marked.
 */
export async function lookUpFirstAfterRestore(label: string): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(Prisma.sql`
    WITH marked AS (
      UPDATE "order" SET create_sent = true, version = version + 1, updated_at = now()
      WHERE action = 'create' AND status IN ${OPEN} AND NOT create_sent
      RETURNING id, reseller_id, status, version),
    audit AS (
      INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason)
      SELECT 'system', 'restore', ${label}::text, reseller_id, id, 'order.look_up_first',
             jsonb_build_object('status', status, 'version', version - 1, 'createSent', false),
             jsonb_build_object('status', status, 'version', version, 'createSent', true),
             -- No reason text: the timeline words the action in each language (orderPage.actions).
             NULL
      FROM marked RETURNING 1)
    SELECT (SELECT count(*)::int FROM marked) AS n`);
  return row?.n ?? 0;
}
