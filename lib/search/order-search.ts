// "Search anywhere" for orders (docs/search.md): a fragment matches anywhere in the order's name
// in either spelling (natural_key holds the IDNA ASCII form, display_name the Unicode form, so
// "bücher" and "xn--bcher" both find xn--bcher-kva.de), anywhere in the customer's name, or the
// exact upstream reference. Both LIKEs are served by pg_trgm GIN indexes (migration
// *_search_trigram_indexes); fragments under three characters fall back to the keyset walk.
import { Prisma } from "@/lib/db";

/** The LIKE pattern for a fragment: NFC, lower-cased, wildcards in the term taken literally. */
function containsPattern(term: string): string {
  return `%${term
    .normalize("NFC")
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * The WHERE fragment for `o` (order) rows. The customer sub-select is scoped by reseller when one
 * is given, so a reseller's search never even reads another tenant's customer names.
 */
export function orderSearchCondition(q: string, resellerId?: string): Prisma.Sql {
  const pattern = containsPattern(q);
  const customerScope = resellerId ? Prisma.sql`c.reseller_id = ${resellerId}::uuid AND ` : Prisma.empty;
  return Prisma.sql`(
    lower(o.natural_key || ' ' || o.display_name) LIKE ${pattern}
    OR o.upstream_ref = ${q.trim()}
    OR o.customer_id IN (SELECT c.id FROM customer c WHERE ${customerScope}c.name ILIKE ${pattern})
  )`;
}
