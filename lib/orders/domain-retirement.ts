// The rule of server-retirement.ts for Qboxmail: a domain delete must not overtake a manager
// order that names the domain (docs/lifecycle.md "Deleting a grommunio server", which holds both):
// a delete that ran first would leave the manager's create or change naming a domain Qboxmail no
// longer has (refused on `domain_codes`). A manager placement locks the domains it names (shared,
// in a fixed order), a domain delete locks its domain alone; each checks the other side after.
// The locks are taken per bucket of domain codes, not per code: a manager naming thousands of
// domains took thousands of locks in one transaction, and Postgres's shared lock table (64 per
// connection by default) ran out for every session. With 64 buckets a placement takes at most 64
// locks; a delete may then wait for a placement naming another domain of its bucket, which holds
// its locks only while its insert commits.
//
// A delete that already succeeded holds no lock: the manager's early check of its domains
// (domainCodesError in order-checks.ts) may have seen the domain live just before the delete's
// step ended it. So the locked check also asks again whether every domain the manager is given
// is still one of the reseller's live domains.

import { lockOn } from "@/lib/advisory-lock";
import { Prisma } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { vTyped } from "@/lib/i18n/validation";
import { OPEN, RetirementConflict, type Rows } from "./server-retirement";

const BUCKETS = 64;

/** The bucket of a domain code: the same in every process (FNV-1a over its characters). */
function bucketOf(code: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193) >>> 0;
  return h % BUCKETS;
}

const lockKey = (bucket: number) => `qboxmail-domain-bucket:${bucket}`;

/**
 * A manager order naming a domain that is no longer one of the reseller's live domains: refused
 * on `domain_codes` with the words of the early check (domainCodesError), as the same request
 * placed a moment later would be.
 */
export class NamedDomainsNotLive extends RetirementConflict {}

/**
 * The guard of a manager create or change naming `codes`: refuses when one has a delete open, and,
 * with `live`, when one is no longer a live domain service of the reseller (a delete that succeeded
 * since the early check, a domain marked gone), except the codes the manager holds already
 * (`live.held`, a change's reading: the early check lets those through too). Without `live` the
 * second question is not asked: an order sent again by support or re-created from a drift finding
 * was accepted once, and Qboxmail answers for a domain that is gone
 * (docs/lifecycle.md "Deleting a grommunio server"). A code that is another reseller's live
 * domain now is refused either way.
 */
export function managerPlacementGuard(
  resellerId: string,
  codes: readonly string[],
  live?: { held: readonly string[] },
): (sql: Rows) => Promise<void> {
  const named = [...new Set(codes)];
  const sorted = [...named].sort();
  const buckets = [...new Set(sorted.map(bucketOf))].sort((a, b) => a - b);
  const held = new Set(live?.held ?? []);
  // In the order the early check names them, so the refusal reads the same.
  const mustBeLive = live ? named.filter((c) => !held.has(c)) : [];
  // Without `live` the codes may be gone, but none may be another reseller's live domain now (one
  // adopted into another reseller's customer since): the manager would be given that reseller's
  // domain. (With `live`, every code but the ones the manager holds already must be the
  // reseller's own, which answers it.)
  const notForeign = live ? [] : named;
  return async (sql) => {
    for (const bucket of buckets) await sql(lockOn(lockKey(bucket), "shared"));
    // One statement, so one snapshot for both questions: a delete's step to succeeded ends its
    // service in the same statement (lib/orders/service-effects.ts), so the delete is seen either
    // still open or with its domain ended, never neither.
    const rows = await sql<{ code: string; order_id: string | null }>(Prisma.sql`
      SELECT v.upstream_ref AS code, x.id::text AS order_id
        FROM service v JOIN "order" x ON x.service_id = v.id
       WHERE v.reseller_id = ${resellerId}::uuid AND v.kind = 'qboxmail_domain' AND v.status = 'active'
         AND v.upstream_ref = ANY(${sorted}::text[]) AND x.action = 'delete' AND x.status IN ${OPEN}
      UNION ALL
      SELECT c.code, NULL FROM unnest(${mustBeLive}::text[]) AS c(code)
       WHERE NOT EXISTS (SELECT 1 FROM service v
                          WHERE v.reseller_id = ${resellerId}::uuid AND v.kind = 'qboxmail_domain'
                            AND v.status = 'active' AND v.upstream_ref = c.code)
      UNION ALL
      SELECT c.code, NULL FROM unnest(${notForeign}::text[]) AS c(code)
       WHERE EXISTS (SELECT 1 FROM service v
                      WHERE v.reseller_id <> ${resellerId}::uuid AND v.kind = 'qboxmail_domain'
                        AND v.status = 'active' AND v.upstream_ref = c.code)
       ORDER BY code`);
    const ended = new Set(rows.filter((r) => r.order_id === null).map((r) => r.code));
    if (ended.size > 0)
      throw new NamedDomainsNotLive({
        domain_codes: [vTyped("domainCodesUnknown", { codes: named.filter((c) => ended.has(c)).join(", ") })],
      });
    if (rows.length === 0) return;
    throw new RetirementConflict({
      domain_codes: [
        said("domainsBeingDeleted", {
          codes: rows.map((r) => r.code).join(", "),
          orders: rows.map((r) => r.order_id).join(", "),
        }),
      ],
    });
  };
}

/**
 * The guard of a Qboxmail domain delete: refuses while a manager create or change of the reseller
 * naming the domain is open (a manager may only name its own reseller's domains).
 */
export function domainDeleteGuard(
  resellerId: string,
  domain: { upstreamRef: string; displayName: string },
): (sql: Rows) => Promise<void> {
  return async (sql) => {
    await sql(lockOn(lockKey(bucketOf(domain.upstreamRef)), "alone"));
    // Open manager orders are few: the partial index "order_open_manager" holds only them.
    const [row] = await sql<{ n: number; ids: string[] | null }>(Prisma.sql`
      SELECT count(*)::int AS n, (array_agg(o.id::text ORDER BY o.created_at, o.id))[1:3] AS ids
        FROM "order" o
       WHERE o.reseller_id = ${resellerId}::uuid AND o.kind = 'qboxmail_manager' AND o.status IN ${OPEN}
         AND (o.payload -> 'domain_codes' @> jsonb_build_array(${domain.upstreamRef}::text)
              OR o.payload -> 'set' -> 'domain_codes' @> jsonb_build_array(${domain.upstreamRef}::text))`);
    const count = row?.n ?? 0;
    if (count === 0) return;
    const ids = row?.ids ?? [];
    throw new RetirementConflict(
      {},
      said("domainHasOpenManagerOrders", {
        name: domain.displayName,
        count,
        orders: ids.join(", ") + (count > ids.length ? ", …" : ""),
      }),
    );
  };
}
