// "Search anywhere" for orders (docs/search.md): a fragment matches anywhere in the order's name
// in either spelling (natural_key holds the IDNA ASCII form, display_name the Unicode form, so
// "bücher" and "xn--bcher" both find xn--bcher-kva.de), anywhere in the customer's name, or the
// exact upstream reference. Both LIKEs are served by pg_trgm GIN indexes (migrations
// *_search_trigram_indexes and *_reseller_search_trigram); fragments under three characters fall
// back to the keyset walk.
import { cache } from "react";
import { Prisma, sqlRows } from "@/lib/db";
import { containsPattern } from "./like-pattern";

/** Customer ids handed to the planner as a literal list up to this many (see below). */
const INLINE_CUSTOMERS = 200;
/** Orders of the matching customers counted up to this to tell a sparse match from a dense one. */
const DENSE_ORDERS = 500;

/**
 * The WHERE fragment for `o` (order) rows. The customer sub-select is scoped by reseller when one
 * is given, so a reseller's search never even reads another tenant's customer names.
 *
 * Postgres has two good plans and picks well only when it can see the customer arm: walk the
 * (reseller_id, created_at, id) index until a page of matches is found (good when matches are
 * dense), or a BitmapOr of three index scans (the (reseller_id, name) trigram index, the upstream
 * reference and the (reseller_id, customer_id, …) index) then a sort of the few matches (good when
 * they are rare). `customer_id IN (sub-select)` cannot be a bitmap arm, so it forced the walk, which
 * for a rare fragment reads every one of the reseller's orders (490 ms against 0.9 ms at a million
 * orders, docs/search.md). So the matching customers are looked up first (one short query on the
 * customer trigram index): none, and the arm is left out; a few customers with few orders, and
 * their ids go in as a literal list the bitmap can use; many, and the sub-select form keeps the walk
 * (a fragment matching many customers' orders finds a page in a few steps). The planner's own
 * guess of orders per customer is too poor to decide this (4 estimated, 200 real, in the benchmark).
 * Cached per request (a list page builds it for its rows and again for its total).
 */
export const orderSearchCondition = cache(async function orderSearchCondition(
  q: string,
  resellerId?: string,
): Promise<Prisma.Sql> {
  const pattern = containsPattern(q);
  const customerScope = resellerId ? Prisma.sql`c.reseller_id = ${resellerId}::uuid AND ` : Prisma.empty;
  const customers = Prisma.sql`SELECT c.id FROM customer c WHERE ${customerScope}c.name ILIKE ${pattern}`;
  const nameOrRef = Prisma.sql`lower(o.natural_key || ' ' || o.display_name) LIKE ${pattern}
    OR o.upstream_ref = ${q.trim()}`;
  const walk = Prisma.sql`(${nameOrRef} OR o.customer_id IN (${customers}))`;
  // Under three characters no trigram index helps: the walk with a filter, as before.
  if ([...q.normalize("NFC").trim()].length < 3) return walk;
  const ids = (await sqlRows<{ id: string }>(Prisma.sql`${customers} LIMIT ${INLINE_CUSTOMERS + 1}`)).map((r) => r.id);
  if (ids.length === 0) return Prisma.sql`(${nameOrRef})`;
  if (ids.length > INLINE_CUSTOMERS) return walk;
  const idList = Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));
  const scope = resellerId ? Prisma.sql`o.reseller_id = ${resellerId}::uuid AND ` : Prisma.empty;
  const [dense] = await sqlRows<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM "order" o WHERE ${scope}o.customer_id IN (${idList}) LIMIT ${DENSE_ORDERS}) x`);
  if ((dense?.n ?? 0) >= DENSE_ORDERS) return walk;
  return Prisma.sql`(${nameOrRef} OR o.customer_id IN (${idList}))`;
});
