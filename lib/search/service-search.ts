// "Search anywhere" for a reseller's services (docs/search.md "The services list"): a fragment
// matches anywhere in the Unicode name, the start of the IDNA name (a Unicode term is converted,
// so `bücher` finds xn--bcher-kva.de), the upstream reference exactly (any case), or anywhere in
// the customer's name. Every arm has an index keyed by reseller first (trigram on display_name,
// text_pattern_ops on natural_key, lower(upstream_ref), (reseller_id, customer_id, …)), so Postgres
// can answer a rare fragment with a BitmapOr of this reseller's matches and a common one by walking
// the list's keyset index until a page is full.
import punycode from "punycode/punycode.js";
import { db, Prisma } from "@/lib/db";
import { commonTrigrams, indexPatterns, narrowedLike } from "./common-trigrams";
import { containsPattern, escapeLike } from "./like-pattern";

/** Customer ids handed to the planner as a literal list up to this many (as for orders). */
const INLINE_CUSTOMERS = 200;

/** The IDNA ASCII spelling of a Unicode term (lower-cased), the term itself when it is ASCII. */
function asciiKey(term: string): string {
  const lower = term.toLowerCase();
  if (/^\p{ASCII}*$/u.test(lower)) return lower;
  try {
    return punycode.toASCII(lower);
  } catch {
    return lower;
  }
}

/**
 * The WHERE fragment for `s` (service) rows of one reseller. The matching customers are looked up
 * first (the customer trigram index): a literal id list is a bitmap arm Postgres can combine with
 * the others, while `customer_id IN (sub-select)` would force a walk of every service of the
 * reseller for a fragment that matches nothing (the reasoning is the order search's, docs/search.md).
 */
export async function serviceSearchCondition(q: string, resellerId: string): Promise<Prisma.Sql> {
  const term = q.normalize("NFC").trim();
  const pattern = containsPattern(term);
  // The name's trigram index asked without the sequences most names share (lib/search/common-trigrams.ts).
  const name = narrowedLike(
    Prisma.sql`s.display_name`,
    "ILIKE",
    pattern,
    indexPatterns(term, commonTrigrams("serviceNames")),
  );
  const own = Prisma.sql`(${name}
    OR s.natural_key LIKE ${`${escapeLike(asciiKey(term))}%`}
    OR lower(s.upstream_ref) = ${term.toLowerCase()})`;
  const customers = Prisma.sql`SELECT c.id FROM customer c WHERE c.reseller_id = ${resellerId}::uuid AND c.name ILIKE ${pattern}`;
  const walk = Prisma.sql`(${own} OR s.customer_id IN (${customers}))`;
  // Under three characters no trigram index helps: the walk with a filter.
  if ([...term].length < 3) return walk;
  const ids = (await db().$queryRaw<{ id: string }[]>`${customers} LIMIT ${INLINE_CUSTOMERS + 1}`).map((r) => r.id);
  if (ids.length === 0) return own;
  if (ids.length > INLINE_CUSTOMERS) return walk;
  return Prisma.sql`(${own} OR s.customer_id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}))`;
}
