// "Search anywhere" for orders (docs/search.md): a fragment matches anywhere in the order's name
// in either spelling (natural_key holds the IDNA ASCII form, display_name the Unicode form, so
// "bücher" and "xn--bcher" both find xn--bcher-kva.de), anywhere in the customer's name, the
// exact upstream reference, or the order's id. The name's trigrams are indexed in order_search, a table written once
// when the order is placed (migration *_order_search), not on the order row, which every status
// change rewrites; fragments under three characters fall back to the keyset walk. The index is
// asked without the sequences most names share (lib/search/common-trigrams.ts).
import { cache } from "react";
import { Prisma, sqlRows } from "@/lib/db";
import { commonTrigrams, indexPatterns, narrowedLike } from "./common-trigrams";
import { containsPattern } from "./like-pattern";

/** Customer ids handed to the planner as a literal list up to this many (see below). */
const INLINE_CUSTOMERS = 200;
/** Orders matched by name or by customer, handed over as ids up to this many; more take the walk. */
const DENSE_ORDERS = 500;

type Match = { arm: "name" | "customer"; id: string };

const ORDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The WHERE fragment for `o` (order) rows. The customer look-up is scoped by reseller when one
 * is given, so a reseller's search never even reads another tenant's customer names.
 *
 * There are two good plans: walk the (reseller_id, created_at, id) index until a page of matches
 * is found (good when matches are dense), or a BitmapOr of index scans on "order" (primary key for
 * the orders whose name matches, the upstream reference, (reseller_id, customer_id, …)) then a
 * sort of the few matches (good when they are rare). Neither the name's trigrams (in another
 * table) nor `customer_id IN (sub-select)` can be a bitmap arm on "order", so one short query
 * first looks up the orders whose name matches (order_search's (reseller_id, trigrams) index, or,
 * for a fragment the planner expects in most rows, its (reseller_id) covering index walked to the
 * limit: docs/search.md) and the matching customers (the customer trigram index). Few of each,
 * and their ids go in as literal lists the bitmap can use; many, and the walk filters on the
 * order's own columns (a
 * fragment matching many orders finds a page within a few rows). The planner's own guess of
 * orders per customer is too poor to decide this (4 estimated, 200 real, in the benchmark).
 * Cached per request (a list page builds it for its rows and again for its total).
 */
export const orderSearchCondition = cache(async function orderSearchCondition(
  q: string,
  resellerId?: string,
): Promise<Prisma.Sql> {
  const pattern = containsPattern(q);
  const customerScope = resellerId ? Prisma.sql`c.reseller_id = ${resellerId}::uuid AND ` : Prisma.empty;
  const customers = Prisma.sql`SELECT c.id FROM customer c WHERE ${customerScope}c.name ILIKE ${pattern}`;
  const ref = Prisma.sql`o.upstream_ref = ${q.trim()}`;
  // An order's id, as tickets and API clients quote it: that order (still within the caller's
  // reseller scope), or an upstream reference of the same spelling.
  if (ORDER_ID.test(q.trim())) return Prisma.sql`(o.id = ${q.trim()}::uuid OR ${ref})`;
  const walk = Prisma.sql`(lower(o.natural_key || ' ' || o.display_name) LIKE ${pattern}
    OR ${ref} OR o.customer_id IN (${customers}))`;
  // Under three characters no trigram index helps: the walk with a filter, as before.
  if ([...q.normalize("NFC").trim()].length < 3) return walk;
  const nameScope = resellerId ? Prisma.sql`s.reseller_id = ${resellerId}::uuid AND ` : Prisma.empty;
  // One round trip for both look-ups; each stops one past its limit.
  const matches = await sqlRows<Match>(Prisma.sql`
    (SELECT 'name' AS arm, s.order_id::text AS id FROM order_search s
      WHERE ${nameScope}${nameMatch(pattern, indexPatterns(q, commonTrigrams("orderNames")))} LIMIT ${DENSE_ORDERS + 1})
    UNION ALL
    (SELECT 'customer' AS arm, c.id::text AS id FROM customer c
      WHERE ${customerScope}c.name ILIKE ${pattern} LIMIT ${INLINE_CUSTOMERS + 1})`);
  const nameIds = matches.filter((m) => m.arm === "name").map((m) => m.id);
  const customerIds = matches.filter((m) => m.arm === "customer").map((m) => m.id);
  if (nameIds.length > DENSE_ORDERS || customerIds.length > INLINE_CUSTOMERS) return walk;
  // One array parameter each: an `= ANY` on an indexed column is a bitmap arm like an IN list.
  const uuids = (ids: string[]) => Prisma.sql`ANY(${ids}::uuid[])`;
  if (customerIds.length > 0) {
    const scope = resellerId ? Prisma.sql`o.reseller_id = ${resellerId}::uuid AND ` : Prisma.empty;
    const [dense] = await sqlRows<{ n: number }>(Prisma.sql`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM "order" o WHERE ${scope}o.customer_id = ${uuids(customerIds)} LIMIT ${DENSE_ORDERS}) x`);
    if ((dense?.n ?? 0) >= DENSE_ORDERS) return walk;
  }
  const arms = [ref];
  if (nameIds.length > 0) arms.push(Prisma.sql`o.id = ${uuids(nameIds)}`);
  if (customerIds.length > 0) arms.push(Prisma.sql`o.customer_id = ${uuids(customerIds)}`);
  return Prisma.sql`(${Prisma.join(arms, " OR ")})`;
});

/** order_search's name condition for `pattern`, the index asked for `narrower` (lib/search/common-trigrams.ts). */
export const nameMatch = (pattern: string, narrower: string[]) =>
  narrowedLike(Prisma.sql`s.name_text`, "LIKE", pattern, narrower);
