// The three-character sequences most names share ("sho" in a shop's every domain, ".de" in a
// German reseller's), and the narrower patterns a search asks a trigram index with instead.
//
// Why: a trigram index (order_search's names, the services' names) keeps one posting list per
// trigram across every row of the installation, and Postgres reads each of the term's trigrams'
// lists whole. A trigram in nearly every name costs a read of a list as long as the table: at a
// million orders `shop1245.` read 668 index pages (5.4 ms) where `p1245.` read 41 (0.2 ms), for the
// same one match (docs/benchmarks/pages.md "Search: the index asked without the common trigrams"). So
// the index is asked for the term's runs of uncommon sequences, and the whole term is checked on
// the rows found: every name holding the term holds each of its runs, so the answer is the same.
import { Prisma, sqlRows } from "@/lib/db";
import { escapeLike } from "./like-pattern";

/** About this many names are sampled; fewer than MIN_SAMPLE and no sequence counts as common. */
const SAMPLE_ROWS = 5000;
const MIN_SAMPLE = 200;
/**
 * A sequence in more than this share of the sampled names is common. Well above one table page's
 * share of the sample (about 2 %): a page holds names placed together, often alike.
 */
const COMMON_SHARE = 0.1;
/** The sample is taken again after this long, so the set follows what resellers order. */
const REFRESH_MS = 10 * 60_000;

/** The names each search narrows, as the trigram index holds them (lower-cased for ILIKE's). */
const SAMPLED = {
  orderNames: { table: "order_search", name: Prisma.sql`name_text` },
  serviceNames: { table: "service", name: Prisma.sql`lower(display_name)` },
} as const;
export type NameSource = keyof typeof SAMPLED;

const known = new Map<NameSource, { at: number; grams: ReadonlySet<string> }>();
const sampling = new Set<NameSource>();

/**
 * The sequences in more than COMMON_SHARE of `source`'s names, as last sampled in this process.
 * No request waits for a sample: a stale or missing set starts one in the background and the
 * search goes on with what is known (none at first, which asks the index with the whole term, as
 * a search did before). A failed sample keeps the previous set until the next try.
 */
export function commonTrigrams(source: NameSource): ReadonlySet<string> {
  const last = known.get(source) ?? { at: -Infinity, grams: new Set<string>() };
  if (Date.now() - last.at >= REFRESH_MS && !sampling.has(source)) {
    sampling.add(source);
    sampleCommonTrigrams(source)
      .then((grams) => known.set(source, { at: Date.now(), grams }))
      .catch(() => known.set(source, { ...last, at: Date.now() }))
      .finally(() => sampling.delete(source));
  }
  return last.grams;
}

/**
 * A sample of about SAMPLE_ROWS of `source`'s names (whole pages, so a few pages' reads at any
 * size; all names of a small table) and the sequences in more than COMMON_SHARE of them.
 */
export async function sampleCommonTrigrams(source: NameSource): Promise<ReadonlySet<string>> {
  const { table, name } = SAMPLED[source];
  const [size] = await sqlRows<{ n: number }>(
    Prisma.sql`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = ${table}::regclass`,
  );
  const percent = Math.min(100, Math.max(0.001, (SAMPLE_ROWS * 100) / Math.max(size?.n ?? 0, 1)));
  const names = await sqlRows<{ name: string }>(
    Prisma.sql`SELECT ${name} AS name FROM ${Prisma.raw(table)} TABLESAMPLE SYSTEM (${percent}) LIMIT ${SAMPLE_ROWS * 2}`,
  );
  return commonAmong(names.map((n) => n.name));
}

/** The sequences in more than COMMON_SHARE of `names`; none for fewer than MIN_SAMPLE names. */
export function commonAmong(names: string[]): ReadonlySet<string> {
  if (names.length < MIN_SAMPLE) return new Set();
  const counts = new Map<string, number>();
  for (const name of names) {
    for (const gram of new Set(trigramsOf(name))) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  const floor = names.length * COMMON_SHARE;
  return new Set([...counts].filter(([, n]) => n > floor).map(([gram]) => gram));
}

/** Every run of three characters (code points, not UTF-16 units) of `text`, in order. */
function trigramsOf(text: string): string[] {
  const chars = Array.from(text);
  return chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join(""));
}

/**
 * The LIKE patterns to ask the trigram index with for `term` (NFC, lower-cased as the search
 * does): one for each longest run of the term whose sequences are all uncommon. None when no
 * sequence is common (the term itself is then as narrow) or all are (the search's own plan
 * choice handles a fragment most names hold).
 */
export function indexPatterns(term: string, common: ReadonlySet<string>): string[] {
  const chars = Array.from(term.normalize("NFC").trim().toLowerCase());
  const grams = trigramsOf(chars.join(""));
  const rare = grams.map((g) => !common.has(g));
  if (rare.every(Boolean) || !rare.some(Boolean)) return [];
  const patterns: string[] = [];
  for (let i = 0; i < rare.length; i++) {
    if (!rare[i]) continue;
    let j = i;
    while (j + 1 < rare.length && rare[j + 1]) j++;
    patterns.push(`%${escapeLike(chars.slice(i, j + 3).join(""))}%`);
    i = j;
  }
  return patterns;
}

/**
 * `column operator pattern` (LIKE or ILIKE) with the index asked for `narrower` (indexPatterns)
 * and the whole pattern checked on the rows found. The check is on `column || ''`, which is not
 * the indexed column, so Postgres cannot fold it back into the index scan and read the common
 * trigrams' long lists after all. Without narrower patterns, the plain condition.
 */
export function narrowedLike(
  column: Prisma.Sql,
  operator: "LIKE" | "ILIKE",
  pattern: string,
  narrower: string[],
): Prisma.Sql {
  const op = Prisma.raw(operator);
  if (narrower.length === 0) return Prisma.sql`${column} ${op} ${pattern}`;
  const asked = narrower.map((p) => Prisma.sql`${column} ${op} ${p}`);
  return Prisma.sql`(${Prisma.join(asked, " AND ")} AND (${column} || '') ${op} ${pattern})`;
}
