// Benchmark: the order search's plans at a million orders (docs/benchmarks/pages.md "A fragment that
// matches most orders"). Seeds the pages benchmark's data (50 resellers, 5,000 customers, the
// measured reseller 7 holds 1/50 of the orders), then for each term prints, best of five,
// EXPLAIN (ANALYZE, BUFFERS) of the look-up in order_search, of the page and of its total built
// from the condition lib/search/order-search.ts returns, and the in-process time of all three.
// Variants, alternated as given: `gin` (the covering btree of migration
// *_order_search_reseller_name dropped: the trigram index alone, as before it), `covering` (that
// index present). Prints figures; asserts nothing.
//   npx tsx scripts/bench/order-search-plans.ts [orders=1000000] [variants=gin,covering,gin,covering] [--hold]
// --hold keeps Postgres up after the runs (prints its URL) until Ctrl-C, for manual EXPLAINs.
import { performance } from "node:perf_hooks";
import type { Prisma as PrismaTypes } from "../../lib/db";
import { startStack } from "../lib/stack";
import { loadNote } from "./lib/bench-kit";
import { resellerId, seedResellers, seedSkewedOrders } from "./lib/bench-seed";

const ORDERS = Number(process.argv[2] ?? 1_000_000);
const VARIANTS = (process.argv[3] ?? "gin,covering,gin,covering").split(",");
const HOLD = process.argv.includes("--hold");
// `xn--b`: common among other resellers' orders (every IDN name), in none of reseller 7's: the covering
// index's worst case, the planner expecting many matches and walking all of the reseller's rows.
const TERMS = ["shop", "op1234", "ücher12", "Customer 1234", "zqx9", "xn--b"];
const ROUNDS = 5;

const stack = await startStack();
Object.assign(process.env, stack.env);
const { db, sqlRows, Prisma, disconnectDb } = await import("../../lib/db");
const { orderSearchCondition } = await import("../../lib/search/order-search");
const { containsPattern } = await import("../../lib/search/like-pattern");
const sql = (q: string) => db().$executeRawUnsafe(q);
const reseller = resellerId(7);

type Plan = { "Execution Time": number; Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } };
type Figure = { ms: number; buffers: number; nodes: string };

function nodesOf(plan: Record<string, unknown>): string[] {
  const own = `${plan["Node Type"]}${plan["Index Name"] ? `(${plan["Index Name"]})` : ""}`;
  return [own, ...((plan.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(nodesOf)];
}

async function explain(statement: PrismaTypes.Sql): Promise<Figure> {
  const best: Figure = { ms: Number.POSITIVE_INFINITY, buffers: 0, nodes: "" };
  for (let i = 0; i < ROUNDS; i++) {
    const [row] = await sqlRows<{ "QUERY PLAN": Plan[] }>(
      Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement}`,
    );
    const p = row!["QUERY PLAN"][0]!;
    if (p["Execution Time"] < best.ms) {
      best.ms = p["Execution Time"];
      best.buffers = p.Plan["Shared Hit Blocks"] + p.Plan["Shared Read Blocks"];
      best.nodes = [...new Set(nodesOf(p.Plan as unknown as Record<string, unknown>))].join(" ");
    }
  }
  return best;
}

/** The look-up as lib/search/order-search.ts sends it (its name arm; the customer arm is small). */
const lookUp = (q: string) => Prisma.sql`
  SELECT s.order_id FROM order_search s
  WHERE s.reseller_id = ${reseller}::uuid AND s.name_text LIKE ${containsPattern(q)} LIMIT 501`;

async function measure(variant: string) {
  if (variant === "covering")
    await sql(
      `CREATE INDEX IF NOT EXISTS order_search_reseller_name ON order_search (reseller_id) INCLUDE (name_text, order_id)`,
    );
  else await sql(`DROP INDEX IF EXISTS order_search_reseller_name`);
  await sql(`VACUUM (ANALYZE) order_search`);
  console.log(`\n${variant} (${loadNote()})`);
  console.log("term | look-up ms, buffers, plan | page ms, buffers | total ms, buffers | in-process median ms");
  for (const q of TERMS) {
    const look = await explain(lookUp(q));
    const cond = await orderSearchCondition(q, reseller);
    const where = Prisma.sql`o.reseller_id = ${reseller}::uuid AND ${cond}`;
    const page = await explain(
      Prisma.sql`SELECT o.id FROM "order" o WHERE ${where} ORDER BY o.created_at DESC, o.id DESC LIMIT 51`,
    );
    const total = await explain(
      Prisma.sql`SELECT count(*) FROM (SELECT 1 FROM "order" o WHERE ${where} LIMIT 10001) x`,
    );
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const c = await orderSearchCondition(q, reseller);
      const w = Prisma.sql`o.reseller_id = ${reseller}::uuid AND ${c}`;
      await sqlRows(Prisma.sql`SELECT o.id FROM "order" o WHERE ${w} ORDER BY o.created_at DESC, o.id DESC LIMIT 51`);
      await sqlRows(Prisma.sql`SELECT count(*) FROM (SELECT 1 FROM "order" o WHERE ${w} LIMIT 10001) x`);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const f = (x: Figure) => `${x.ms.toFixed(2)}, ${x.buffers}`;
    console.log(
      `${q} | ${f(look)}, ${look.nodes} | ${f(page)} | ${f(total)} | ${times[Math.floor(ROUNDS / 2)]!.toFixed(2)}`,
    );
  }
}

try {
  const t = performance.now();
  await seedResellers(sql, { resellers: 50, customers: 5000, layout: "spread" });
  await seedSkewedOrders(sql, { from: 1, to: ORDERS, resellers: 50, customers: 5000 });
  console.log(`seeded ${ORDERS} orders in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (const v of VARIANTS) await measure(v);
  if (HOLD) {
    console.log(`holding: ${stack.env.DATABASE_URL} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  }
} finally {
  await disconnectDb();
  await stack.stop();
}
