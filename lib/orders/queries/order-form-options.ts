// Choices the order form's pickers offer from what the reseller already has, searched on the
// server so they scale to thousands (docs/order-form.md "Pickers"). The pipeline checks the
// submitted values itself (order-checks.ts, usable-servers.ts), so these lists are hints, not guards.
import { db, Prisma } from "@/lib/db";
import { OPEN } from "@/lib/orders/server-retirement";
import { escapeLike } from "@/lib/search/like-pattern";

export type Option = { value: string; label: string; customerId: string };

export type DomainOptionQuery = {
  /** Part of the domain name (Unicode or ASCII) or the exact domain code. */
  search?: string;
  customerId?: string;
  /** Only domains of `customerId` (the form's default view). */
  onlyCustomer?: boolean;
  /** Codes to return whatever the search (the ones already chosen, for their labels). */
  codes?: string[];
  limit?: number;
  /** The `next` cursor of the previous page: the domains after it. */
  after?: string;
};

export type DomainOptionPage = { options: Option[]; next: string | null };

const MAX_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Live Qboxmail domain services of this reseller: the codes a manager may be given. */
export async function qboxmailDomainCodeOptions(resellerId: string, query: DomainOptionQuery = {}): Promise<Option[]> {
  return (await qboxmailDomainPage(resellerId, query)).options;
}

/**
 * Chosen domain codes (a resubmitted order's, a manager's as read at Qboxmail) with their names, in
 * their order; a code the reseller has no live domain for keeps the code as its label.
 */
export async function domainCodeChoices(
  resellerId: string,
  codes: unknown,
): Promise<{ value: string; label: string }[]> {
  const chosen = Array.isArray(codes) ? codes.filter((c): c is string => typeof c === "string") : [];
  if (chosen.length === 0) return [];
  const known = await qboxmailDomainCodeOptions(resellerId, { codes: chosen, limit: 1 });
  return chosen.map((code) => ({ value: code, label: known.find((k) => k.value === code)?.label ?? code }));
}

// A page's position is the (display name, id) of its last domain, a keyset cursor: the next page
// walks the (reseller_id, display_name, id) index from there, never skipping rows (docs/order-form.md).
function readCursor(after: unknown): { l: string; id: string } | null {
  if (typeof after !== "string" || after.length > 600) return null;
  try {
    const c = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as { l?: unknown; id?: unknown };
    return typeof c.l === "string" && !c.l.includes("\0") && typeof c.id === "string" && UUID.test(c.id)
      ? { l: c.l, id: c.id }
      : null;
  } catch {
    return null;
  }
}

/** One page of qboxmailDomainCodeOptions, with the cursor of the next page (null on the last). */
export async function qboxmailDomainPage(resellerId: string, query: DomainOptionQuery = {}): Promise<DomainOptionPage> {
  // Read defensively: the values come from a query string and may be anything.
  // Postgres text cannot hold NUL: such a search or code would otherwise be a database error.
  const search = typeof query.search === "string" ? query.search.replace(/\0/g, "").trim().slice(0, 100) : "";
  const customerId = typeof query.customerId === "string" && UUID.test(query.customerId) ? query.customerId : undefined;
  const codes = Array.isArray(query.codes)
    ? query.codes.filter((c) => typeof c === "string" && !c.includes("\0")).slice(0, MAX_LIMIT)
    : [];
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 50)), MAX_LIMIT);
  const cursor = readCursor(query.after);
  const base = { resellerId, kind: "qboxmail_domain", status: "active" } as const;
  const [found, chosen] = await Promise.all([
    liveDomainsInNameOrder(resellerId, {
      customerId: query.onlyCustomer ? (customerId ?? "00000000-0000-0000-0000-000000000000") : undefined,
      search,
      cursor,
      take: limit + 1,
    }),
    // The chosen ones travel with the first page only, a delete open or not: the form keeps what
    // the reseller chose, and placing says why a domain being deleted cannot be named.
    codes.length && !cursor
      ? db().service.findMany({
          where: { ...base, upstreamRef: { in: codes } },
          select: { id: true, displayName: true, upstreamRef: true, customerId: true },
        })
      : [],
  ]);
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const seen = new Set<string>();
  return {
    options: [...chosen, ...page]
      .filter((r) => !seen.has(r.upstreamRef) && seen.add(r.upstreamRef))
      .map((r) => ({ value: r.upstreamRef, label: `${r.displayName} (${r.upstreamRef})`, customerId: r.customerId })),
    next:
      found.length > limit && last
        ? Buffer.from(JSON.stringify({ l: last.displayName, id: last.id }), "utf8").toString("base64url")
        : null,
  };
}

type DomainRow = { id: string; displayName: string; upstreamRef: string; customerId: string };

/**
 * One page of the reseller's live Qboxmail domains by (name, id), walking the partial index
 * `service_live_domain_name` from the cursor. A domain with a delete open is on its way out: a
 * manager naming it would be refused at placement (domain-retirement.ts), so it is left out. That
 * check is a scalar sub-select, one probe of the open-change index per domain on the page: as
 * NOT EXISTS the planner made it an anti-join and sorted all of the reseller's domains instead of
 * walking the index (5,000 domains: 8 → 76 ms; docs/benchmarks/pages.md "The order form's pickers").
 */
function liveDomainsInNameOrder(
  resellerId: string,
  q: { customerId?: string; search: string; cursor: { l: string; id: string } | null; take: number },
): Promise<DomainRow[]> {
  const anywhere = `%${escapeLike(q.search)}%`;
  const anywhereLower = `%${escapeLike(q.search.toLowerCase())}%`;
  return db().$queryRaw<DomainRow[]>`
    SELECT v.id::text AS id, v.display_name AS "displayName", v.upstream_ref AS "upstreamRef",
           v.customer_id::text AS "customerId"
      FROM service v
     WHERE v.reseller_id = ${resellerId}::uuid AND v.kind = 'qboxmail_domain' AND v.status = 'active'
       AND ${q.customerId ? Prisma.sql`v.customer_id = ${q.customerId}::uuid` : Prisma.sql`true`}
       AND ${
         q.search
           ? Prisma.sql`(v.display_name ILIKE ${anywhere} OR v.natural_key LIKE ${anywhereLower} OR v.upstream_ref = ${q.search})`
           : Prisma.sql`true`
       }
       AND ${q.cursor ? Prisma.sql`(v.display_name, v.id) > (${q.cursor.l}, ${q.cursor.id}::uuid)` : Prisma.sql`true`}
       AND NOT COALESCE((SELECT true FROM "order" x
                          WHERE x.service_id = v.id AND x.action = 'delete' AND x.status IN ${OPEN} LIMIT 1), false)
     ORDER BY v.display_name, v.id
     LIMIT ${q.take}`;
}
