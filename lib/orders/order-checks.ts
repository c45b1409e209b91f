// Checks that need the database before an order is accepted: the reseller's limits and the
// references an order makes to other orders of the same reseller.
import { db, Prisma } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { v, vTyped } from "@/lib/i18n/validation";
import { preparedRows } from "@/lib/prepared-sql";
import type { FieldErrors } from "@/lib/upstream/result";

const DOMAIN_KINDS: OrderKind[] = ["qboxmail_domain", "grommunio_domain"];
const NOT_COUNTED: OrderStatus[] = ["failed", "cancelled"];

/**
 * How many of a reseller's orders of `kinds` use up their limit, as an int expression, counted no
 * further than `cap`. The orders that count are create orders that did not fail and were not
 * cancelled, unless their service has since been deleted (or marked gone): a delete frees the
 * limit once it succeeded (docs/lifecycle.md). Change orders never count.
 *
 * Counted as those create orders (an index-only walk of the partial index `order_limit_usage`)
 * minus the ones whose service has ended (a walk of the reseller's ended services), which is the
 * same number as checking each order's service, without probing the service table once per
 * order: that cost 52 ms at 18,000 orders (docs/benchmarks/placing.md "The limit check").
 * tests/integration/limit-usage.test.ts compares the two on generated histories.
 */
export function usedAgainstLimitSql(resellerId: Prisma.Sql, kinds: OrderKind[], cap: Prisma.Sql): Prisma.Sql {
  const counted = (a: string) =>
    Prisma.sql`${Prisma.raw(a)}.reseller_id = ${resellerId} AND ${Prisma.raw(a)}.kind = ANY(${kinds}::"OrderKind"[])
      AND ${Prisma.raw(a)}.action = 'create' AND ${Prisma.raw(a)}.status NOT IN ('failed', 'cancelled')`;
  return Prisma.sql`(SELECT LEAST(GREATEST(live.n - ended.n, 0), ${cap})
    FROM (SELECT count(*)::int AS n FROM service s JOIN "order" e ON e.id = s.create_order_id
          WHERE s.reseller_id = ${resellerId} AND s.status <> 'active' AND ${counted("e")}) ended
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM (
          SELECT 1 FROM "order" l WHERE ${counted("l")} LIMIT ${cap} + ended.n) x) live)`;
}

/** The same rule for Prisma queries. */
export const COUNTS_AGAINST_LIMIT = {
  action: "create",
  status: { notIn: NOT_COUNTED },
  NOT: { createdService: { is: { status: { not: "active" } } } },
} satisfies Prisma.OrderWhereInput;

export function limitFor(kind: OrderKind): {
  kinds: OrderKind[];
  column: "max_domains" | "max_managers" | "max_servers";
  what: "domains" | "managers" | "servers";
} {
  if (DOMAIN_KINDS.includes(kind)) return { kinds: DOMAIN_KINDS, column: "max_domains", what: "domains" };
  if (kind === "qboxmail_manager") return { kinds: ["qboxmail_manager"], column: "max_managers", what: "managers" };
  return { kinds: ["grommunio_server"], column: "max_servers", what: "servers" };
}

export function limitMessage(kind: OrderKind, max: number): string {
  return said("orderLimit", { max, what: limitFor(kind).what });
}

export type PlacementContext = {
  customerId: string;
  customerName: string;
  existingOrderId: string | null;
  limitError?: string;
  remaining: number;
  /** Upstream identifiers an admin set for the reseller (docs/security.md), applied to the payload. */
  account: ResellerAccountIds;
};

export type ResellerAccountIds = {
  grommunioOrgId: number | null;
  qboxmailCustomerCode: string | null;
  qboxmailOutboundLimitId: number | null;
};

/**
 * Writes the reseller's upstream identifiers into a payload: whatever the payload held is
 * replaced, and a field the admin left empty is removed, so only an admin decides which
 * grommunio organisation or Qboxmail customer an order lands in.
 */
export function applyAccountIds(kind: OrderKind, payload: Record<string, unknown>, account: ResellerAccountIds): void {
  const set = (key: string, value: unknown) => {
    if (value === null || value === undefined) delete payload[key];
    else payload[key] = value;
  };
  if (kind === "grommunio_domain") set("orgID", account.grommunioOrgId);
  if (kind === "qboxmail_domain") {
    set("customer_code", account.qboxmailCustomerCode);
    set("outbound_limit_id", account.qboxmailOutboundLimitId);
  }
}

/**
 * Everything placing needs to know before validating, in one round trip: the customer belongs
 * to the reseller (else null: "not found"), an order with this idempotency key, and the limit.
 * The count stops at the limit, so it costs what the limit is, not what the history holds.
 * This early check gives the friendly answer before validation; insertOrder() enforces the limit
 * again under a lock, so two placements racing at the edge cannot both pass. Sent straight to the
 * pool as a prepared statement (`preparedRows`): it runs once per placement, where the ORM's
 * per-call cost and the planning of every call showed (docs/benchmarks/placing.md "Placing over HTTP: prepared statements").
 */
type PlacementInput = {
  resellerId: string;
  resellerSlug?: string;
  customerId: string;
  kind: OrderKind;
  idempotencyKey: string;
};

export async function placementContext(input: PlacementInput): Promise<PlacementContext | null> {
  const rows = await preparedRows<{
    customer_id: string;
    customer_name: string;
    existing: string | null;
    max: number;
    used: number;
    grommunio_org_id: number | null;
    qboxmail_customer_code: string | null;
    qboxmail_outbound_limit_id: number | null;
  }>(placementContextSql(input));
  const row = rows[0];
  if (!row) return null;
  return {
    customerId: row.customer_id,
    customerName: row.customer_name,
    existingOrderId: row.existing,
    limitError: row.used >= row.max ? limitMessage(input.kind, row.max) : undefined,
    remaining: row.max - row.used,
    account: {
      grommunioOrgId: row.grommunio_org_id,
      qboxmailCustomerCode: row.qboxmail_customer_code,
      qboxmailOutboundLimitId: row.qboxmail_outbound_limit_id,
    },
  };
}

/** The statement behind placementContext (scripts/bench/placement-limit-count.ts explains it). */
export function placementContextSql(input: PlacementInput): Prisma.Sql {
  const { kinds, column } = limitFor(input.kind);
  return Prisma.sql`
    SELECT c.id AS customer_id, c.name AS customer_name, r.${Prisma.raw(column)} AS max,
      r.grommunio_org_id, r.qboxmail_customer_code, r.qboxmail_outbound_limit_id,
      (SELECT o.id FROM "order" o WHERE o.reseller_id = r.id AND o.idempotency_key = ${input.idempotencyKey}) AS existing,
      ${usedAgainstLimitSql(Prisma.sql`r.id`, kinds, Prisma.sql`r.${Prisma.raw(column)}`)} AS used
    FROM customer c JOIN reseller r ON r.id = c.reseller_id
    WHERE c.id = ${input.customerId}::uuid AND r.id = ${input.resellerId}::uuid
      ${input.resellerSlug ? Prisma.sql`AND r.slug = ${input.resellerSlug}` : Prisma.empty}`;
}

/**
 * Qboxmail manager: every domain code must be one of this reseller's live Qboxmail domain services,
 * or one the manager holds already (`assigned`, as last read at Qboxmail: a domain given to it in
 * Qboxmail's panel is kept by sending it again, where refusing it would leave the person only the
 * choice of taking it away).
 */
export async function domainCodesError(
  resellerId: string,
  codes: unknown,
  assigned: readonly string[] = [],
): Promise<FieldErrors | undefined> {
  if (!Array.isArray(codes) || codes.length === 0) return undefined;
  const held = new Set(assigned);
  const wanted = [...new Set(codes.map(String))].filter((c) => !held.has(c));
  if (wanted.length === 0) return undefined;
  const found = await db().service.findMany({
    where: { resellerId, kind: "qboxmail_domain", status: "active", upstreamRef: { in: wanted } },
    select: { upstreamRef: true },
  });
  const ok = new Set(found.map((o) => o.upstreamRef));
  const missing = wanted.filter((c) => !ok.has(c));
  return missing.length ? { domain_codes: [vTyped("domainCodesUnknown", { codes: missing.join(", ") })] } : undefined;
}

/**
 * A change of a manager's domains: Qboxmail replaces the manager's whole set with the list sent
 * (docs/upstream/qboxmail-lifecycle.md "A manager's domains"), so the list must start from the
 * set the manager holds. When the last reading of the manager (`settings`) did not list its
 * domains, no list can be known to keep them all, and the change is refused rather than take
 * domains away unseen.
 */
export async function managerDomainsChangeError(
  resellerId: string,
  codes: unknown,
  settings: unknown,
): Promise<FieldErrors | undefined> {
  if (codes === undefined) return undefined;
  const assigned = (settings as { domain_codes?: unknown } | null)?.domain_codes;
  if (!Array.isArray(assigned)) return { domain_codes: [v("managerDomainsUnread")] };
  return domainCodesError(resellerId, codes, assigned.map(String));
}

/** grommunio domain on a server ordered through the portal: returns the dependency or errors. */
export async function homeserverDependency(
  resellerId: string,
  serverOrderId: unknown,
): Promise<{ dependsOnOrderId?: string; ready: boolean; fieldErrors?: FieldErrors }> {
  if (typeof serverOrderId !== "string" || serverOrderId === "") return { ready: true };
  const server = await db().order.findFirst({
    where: { id: serverOrderId, resellerId, kind: "grommunio_server", ...COUNTS_AGAINST_LIMIT },
    select: { id: true, status: true },
  });
  if (!server)
    return {
      ready: false,
      fieldErrors: { homeserverOrderId: [v("serverOrderNotFailed")] },
    };
  return { dependsOnOrderId: server.id, ready: server.status === "succeeded" };
}
