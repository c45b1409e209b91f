// Benchmark: the order search's name look-up (lib/search/order-search.ts) at 10,000 and at
// 1,000,000 orders, asked of the trigram index with the whole term and with the runs of the term
// that hold no common sequence (lib/search/common-trigrams.ts, docs/search.md "The common
// sequences"); then the services list's search (lib/search/service-search.ts) over a service for
// each of 300,000 of those orders, the same two ways. The pages benchmark's seed (50 resellers,
// names `shop<n>.example`), reseller 7's look-ups; each statement's pages read (EXPLAIN BUFFERS)
// and p50/p95. Prints figures; asserts nothing.   npx tsx scripts/bench/search-lookup.ts [rounds=60]
import { timeScenarios } from "./lib/bench-kit";
import { resellerId, seedResellers, seedSkewedOrders } from "./lib/bench-seed";
import { benchStack } from "./lib/bench-stack";

const ROUNDS = Number(process.argv[2] ?? 60);
const TERMS = ["shop1245.", "op1234", "1245.example", "shop"];

const stack = await benchStack();
const { db, disconnectDb, sqlRows, Prisma } = await import("../../lib/db");
const { nameMatch } = await import("../../lib/search/order-search");
const { containsPattern } = await import("../../lib/search/like-pattern");
const { indexPatterns, narrowedLike, sampleCommonTrigrams } = await import("../../lib/search/common-trigrams");
const sql = (q: string) => db().$executeRawUnsafe(q);
const r7 = resellerId(7);

/** The look-up as orderSearchCondition sends it, with the index asked for `narrower` (none: the whole term). */
const lookup = (term: string, narrower: string[]) =>
  Prisma.sql`SELECT s.order_id FROM order_search s
    WHERE s.reseller_id = ${r7}::uuid AND ${nameMatch(containsPattern(term), narrower)} LIMIT 501`;

/** A page of the services list searched by name, as service-list.ts and service-search.ts send it. */
const servicePage = (term: string, narrower: string[]) =>
  Prisma.sql`SELECT s.id FROM service s WHERE s.reseller_id = ${r7}::uuid AND s.status = 'active'
    AND (${narrowedLike(Prisma.sql`s.display_name`, "ILIKE", containsPattern(term), narrower)}
      OR s.natural_key LIKE ${`${term.toLowerCase()}%`} OR lower(s.upstream_ref) = ${term.toLowerCase()})
    ORDER BY s.created_at DESC, s.id DESC LIMIT 51`;

async function indexPages(statement: ReturnType<typeof lookup>): Promise<string> {
  const plan = await sqlRows<{ "QUERY PLAN": string }>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${statement}`);
  return (
    plan
      .map((r) => r["QUERY PLAN"])
      .find((l) => /Buffers:/.test(l))
      ?.trim() ?? "?"
  );
}

async function measure(label: string, source: "orderNames" | "serviceNames", statementFor: typeof lookup) {
  await sql("VACUUM ANALYZE");
  const common = await sampleCommonTrigrams(source);
  console.log(`\n== ${label}: ${common.size} common sequences in the sample`);
  const scenarios: Array<[string, () => Promise<unknown>]> = [];
  for (const term of TERMS) {
    const narrower = indexPatterns(term, common);
    for (const [how, asked] of [
      ["whole", []],
      ["narrowed", narrower],
    ] as const) {
      if (how === "narrowed" && narrower.length === 0) continue;
      const statement = statementFor(term, [...asked]);
      const rows = (await sqlRows(statement)).length;
      console.log(`${term} ${how} ${JSON.stringify(asked)}: ${rows} rows, ${await indexPages(statement)}`);
      scenarios.push([`${label} ${term} ${how}`, () => sqlRows(statement)]);
    }
  }
  await timeScenarios(scenarios, ROUNDS);
}

try {
  await seedResellers(sql, { resellers: 50, customers: 5000, layout: "spread" });
  await seedSkewedOrders(sql, { from: 1, to: 10_000, resellers: 50, customers: 5000 });
  await measure("orders, 10 k", "orderNames", lookup);
  await seedSkewedOrders(sql, { from: 10_001, to: 1_000_000, resellers: 50, customers: 5000 });
  await measure("orders, 1 M", "orderNames", lookup);
  // A live service for 300,000 of the orders (as a succeeded create makes one), names as the orders'.
  await sql(`INSERT INTO service (id, reseller_id, customer_id, kind, provider, upstream_ref, natural_key, display_name,
      create_order_id, status, upstream_state, created_at, updated_at)
    SELECT gen_random_uuid(), reseller_id, customer_id, kind, provider, 'S' || id, natural_key, display_name,
      id, 'active', 'enabled', created_at, created_at
    FROM "order" ORDER BY created_at DESC LIMIT 300000`);
  await measure("services, 300 k", "serviceNames", servicePage);
} finally {
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
