// Support sending a failed order again (failed → queued) opens it again: a server or domain delete,
// or an order bound for what such a delete retires, then meets the same rule as when it was placed
// (docs/lifecycle.md "Deleting a grommunio server"). Whether the server is still usable is not
// asked again: the order was accepted once, and the provider answers for what is gone. So does a
// grommunio server's create or rename and the name it takes (docs/lifecycle.md "Renaming a
// grommunio server"). A create counts against the reseller's limit again (withinLimit).

import { lockOn } from "@/lib/advisory-lock";
import { Prisma } from "@/lib/db";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { changeTargetProblem } from "./change-target";
import { domainDeleteGuard, managerPlacementGuard } from "./domain-retirement";
import { HostnameTaken, serverCreateGuard, serverRenameGuard } from "./hostname-reservation";
import { limitFor, limitMessage, usedAgainstLimitSql } from "./order-checks";
import {
  domainPlacementGuard,
  RetirementConflict,
  type Rows,
  type ServerTarget,
  serverDeleteGuard,
} from "./server-retirement";

/**
 * A failed create does not count against the reseller's limit (order-checks.ts); sent again it
 * does, so it is refused once the limit is used up by what was ordered since. Under the lock a
 * guarded placement takes (insert-order.ts), so the two cannot both take the last place.
 */
async function withinLimit(sql: Rows, resellerId: string, kind: OrderKind): Promise<void> {
  const { kinds, column } = limitFor(kind);
  await sql(lockOn(`order-limit:${resellerId}:${column}`));
  const max = Prisma.sql`(SELECT r.${Prisma.raw(column)} FROM reseller r WHERE r.id = ${resellerId}::uuid)`;
  const [row] = await sql<{ used: number; max: number }>(
    Prisma.sql`SELECT ${usedAgainstLimitSql(Prisma.sql`${resellerId}::uuid`, kinds, max)} AS used, ${max} AS max`,
  );
  if (row && row.used >= row.max) throw new RetirementConflict({}, limitMessage(kind, row.max));
}

/**
 * A change sent again acts on the service as it is now: refused once the service has ended (a
 * delete since, or marked gone or re-created from a drift finding; a purge also on a softly
 * deleted one) or when another live service holds its resource (lib/orders/change-target.ts).
 * The order stays failed (docs/lifecycle.md "Changes are orders").
 */
async function targetStillOurs(sql: Rows, serviceId: string, purge: boolean, lock: "share" | "none"): Promise<void> {
  const problem = await changeTargetProblem(sql, serviceId, purge, lock);
  if (problem && "ended" in problem) throw await endedRefusal(sql, serviceId);
  if (problem) throw new RetirementConflict({}, said("heldByLiveService", { service: problem.heldBy }));
}

/**
 * How the service ended, for the person who retried: a re-create from a drift finding names the
 * order that re-created it (its resource becomes a new service, where a change still wanted is
 * placed); any other end (deleted, marked gone) leaves nothing to send the order to.
 */
async function endedRefusal(sql: Rows, serviceId: string): Promise<RetirementConflict> {
  const [re] = await sql<{ order_id: string | null }>(Prisma.sql`
    SELECT f.details->>'recreatedOrderId' AS order_id FROM drift_finding f
     WHERE f.service_id = ${serviceId}::uuid AND f.resolution = 'recreated'
     ORDER BY f.resolved_at DESC LIMIT 1`);
  return new RetirementConflict(
    {},
    re?.order_id ? said("retryServiceRecreated", { order: re.order_id }) : said("retryServiceEnded"),
  );
}

/**
 * Run after a failed order's step to queued, in the same transaction. reopeningGuard's check of
 * the service runs before the order's update and unlocked, so support's "mark gone" or
 * "re-create" of the service (lib/services/drift-actions.ts: the row locked FOR UPDATE, then the
 * open orders read) could commit between that read and this step, and the delete or change sent
 * again would run against a service already ended (after a re-create, beside the new resource).
 * Here the service row is share-locked and its end asked again: of the two, one waits for the
 * other. A mark gone or re-create that came first is seen here and the retry refused (the
 * transaction, the order's step with it, rolls back); one that comes after finds this order open
 * and refuses itself. Taken after the order's update, as a placement takes it after its insert
 * (lib/services/place-change.ts): the order row first, then the service's, the order the worker's
 * step takes them in (lib/orders/service-effects.ts).
 */
export async function reopenedTargetLocked(sql: Rows, orderId: string): Promise<void> {
  const [o] = await sql<{ service_id: string | null; action: string; purge: boolean }>(Prisma.sql`
    SELECT service_id::text AS service_id, action::text AS action,
           coalesce(payload->>'purge' = 'true', false) AS purge
      FROM "order" WHERE id = ${orderId}::uuid`);
  if (!o?.service_id || o.action === "create") return;
  await targetStillOurs(sql, o.service_id, o.purge, "share");
}

/**
 * A change, suspend or resume sent again after a newer order of the same service succeeded that
 * set what this one sets (a status for a suspend or resume; any of the same fields, or a new
 * password, for a change): the read-back would find the newer value, take this change for not yet
 * applied and send it, undoing the newer one (an old password set again). Refused instead; the
 * person places the change again if it is still wanted.
 */
async function notOvertaken(sql: Rows, orderId: string): Promise<void> {
  const [row] = await sql<{ newer: string | null }>(Prisma.sql`
    SELECT (SELECT n.id::text FROM "order" n
             WHERE n.service_id = o.service_id AND n.id <> o.id AND n.status = 'succeeded'
               AND n.created_at > o.created_at
               AND CASE WHEN o.action IN ('suspend', 'resume') THEN n.action IN ('suspend', 'resume')
                        ELSE n.action = 'change'
                             AND ((n.payload->'set') ?| ARRAY(SELECT jsonb_object_keys(coalesce(o.payload->'set', '{}'::jsonb)))
                                  OR (n.payload->>'password' = 'true' AND o.payload->>'password' = 'true')) END
             ORDER BY n.created_at DESC LIMIT 1) AS newer
      FROM "order" o WHERE o.id = ${orderId}::uuid`);
  if (row?.newer) throw new RetirementConflict({}, said("retryOvertaken", { order: row.newer }));
}

/** Run in the step's transaction; throws RetirementConflict to refuse. */
export async function reopeningGuard(sql: Rows, orderId: string): Promise<void> {
  const [o] = await sql<{
    kind: string;
    action: string;
    reseller_id: string;
    payload: {
      homeserver?: unknown;
      domain_codes?: unknown;
      hostname?: unknown;
      purge?: unknown;
      set?: { domain_codes?: unknown; hostname?: unknown };
    } | null;
    service_id: string | null;
    depends_on_order_id: string | null;
    upstream_ref: string | null;
    display_name: string | null;
    create_order_id: string | null;
  }>(Prisma.sql`
    SELECT o.kind, o.action, o.reseller_id, o.payload, o.depends_on_order_id, o.service_id,
           v.upstream_ref, v.display_name, v.create_order_id
      FROM "order" o LEFT JOIN service v ON v.id = o.service_id
     WHERE o.id = ${orderId}::uuid`);
  if (!o) return;
  if (o.action === "create") await withinLimit(sql, o.reseller_id, o.kind as OrderKind);
  else if (o.service_id) await targetStillOurs(sql, o.service_id, o.payload?.purge === true, "none");
  if (o.service_id && ["change", "suspend", "resume"].includes(o.action)) await notOvertaken(sql, orderId);
  const deleting = o.action === "delete" && o.display_name !== null;
  if (o.kind === "grommunio_server" && deleting)
    return serverDeleteGuard(o.reseller_id, {
      upstreamRef: o.upstream_ref,
      displayName: o.display_name!,
      createOrderId: o.create_order_id,
    })(sql);
  const hostname = o.action === "create" ? o.payload?.hostname : o.payload?.set?.hostname;
  if (o.kind === "grommunio_server" && typeof hostname === "string" && (o.action === "create" || o.service_id)) {
    const guard =
      o.action === "create" ? serverCreateGuard(hostname) : serverRenameGuard(o.service_id as string, hostname);
    // Refused as the other reopening refusals are, with the placement's words.
    return guard(sql).catch((err: unknown) => {
      if (err instanceof HostnameTaken) throw new RetirementConflict(err.fieldErrors, err.message);
      throw err;
    });
  }
  if (o.kind === "qboxmail_domain" && deleting && o.upstream_ref)
    return domainDeleteGuard(o.reseller_id, { upstreamRef: o.upstream_ref, displayName: o.display_name! })(sql);
  if (o.kind === "qboxmail_manager") {
    const codes = o.action === "create" ? o.payload?.domain_codes : o.payload?.set?.domain_codes;
    if (Array.isArray(codes) && codes.length > 0) await managerPlacementGuard(o.reseller_id, codes.map(String))(sql);
    return;
  }
  if (o.kind !== "grommunio_domain" || o.action !== "create") return;
  const homeserver = o.payload?.homeserver;
  const target: ServerTarget | undefined = o.depends_on_order_id
    ? { serverOrderId: o.depends_on_order_id }
    : Number.isInteger(homeserver)
      ? { serverId: homeserver as number }
      : undefined;
  if (target) await domainPlacementGuard(o.reseller_id, target, { requireUsable: false })(sql);
}
