// Benchmark: the support order list and the reseller's list with search and totals at 1,000,000
// orders (docs/design.md#budgets: p95 ≤ 50 ms per page, deep pages included). Starts its own
// Postgres (scripts/lib/stack.ts), seeds with
// generate_series in SQL, then times page queries through the same code the page uses.
// Prints figures; asserts nothing.  Run: npx tsx scripts/bench/support-orders.ts [orders]
import { performance } from "node:perf_hooks";
import { startStack } from "../lib/stack";
import { customerId, resellerId, seedResellers, seedSkewedOrders } from "./lib/bench-seed";

const ORDERS = Number(process.argv[2] ?? 1_000_000);
const RESELLERS = 50;
const CUSTOMERS_PER_RESELLER = 100;

const stack = await startStack();
Object.assign(process.env, stack.env);
const { db, disconnectDb } = await import("../../lib/db");
const { fetchOrderBatch, countSupportOrders } = await import("../../lib/support/orders-query");
const { parseSupportOrderFilters } = await import("../../lib/support/order-filters");
const { listOrdersForReseller, countOrdersForReseller } = await import(
  "../../lib/orders/queries/list-orders-for-reseller"
);

async function seed() {
  const t = performance.now();
  const sql = (q: string) => db().$executeRawUnsafe(q);
  const customers = RESELLERS * CUSTOMERS_PER_RESELLER;
  await seedResellers(sql, { resellers: RESELLERS, customers, layout: "spread" });
  await seedSkewedOrders(sql, { from: 1, to: ORDERS, resellers: RESELLERS, customers });
  console.log(`seeded ${ORDERS} orders in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

function cursorAt(fraction: number) {
  // A deep page: the cursor a reader would hold after paging `fraction` of the way down.
  return { at: new Date(Date.now() - fraction * ORDERS * 30_000), id: "ffffffff-ffff-4fff-bfff-ffffffffffff" };
}

const scenarios: Array<[string, Record<string, string>]> = [
  ["all", {}],
  ["status=failed", { status: "failed" }],
  ["needs attention", { view: "attention" }],
  ["reseller", { resellerId: resellerId(7) }],
  ["reseller+status", { resellerId: resellerId(7), status: "failed" }],
  ["customer", { customerId: customerId(1234) }],
  ["kind", { kind: "grommunio_server" }],
  ["provider+kind", { provider: "qboxmail", kind: "qboxmail_manager" }],
  ["date range", { from: "2026-01-01", to: "2026-12-31" }],
  ["search prefix", { q: "shop12345" }],
  ["search exact ref", { q: "REF-500000" }],
  ["search fragment", { q: "op12345" }],
  ["search rare fragment", { q: "999999.ex" }],
  ["search unicode fragment", { q: "ücher12345" }],
  ["search customer name", { q: "Customer 1234" }],
  ["search no match", { q: "nothing-like-this" }],
];

// The reseller's order list: one page plus the capped total, as the page shows them.
const resellerScenarios: Array<[string, Record<string, string>]> = [
  ["reseller list", {}],
  ["reseller search fragment", { q: "op1234" }],
  ["reseller search unicode", { q: "ücher" }],
  ["reseller search customer", { q: "Customer 12" }],
  ["reseller search no match", { q: "nothing-like-this" }],
];

async function run() {
  const timings = new Map<string, number[]>();
  for (let i = 0; i < 200; i++) {
    const [name, params] = scenarios[i % scenarios.length]!;
    const deep = i % 2 === 1;
    const cursor = deep ? cursorAt(0.2 + ((i * 37) % 70) / 100) : undefined;
    const t = performance.now();
    await fetchOrderBatch(parseSupportOrderFilters(params), cursor, 51);
    const ms = performance.now() - t;
    const key = `${name}${deep ? " (deep)" : ""}`;
    timings.set(key, [...(timings.get(key) ?? []), ms]);
    timings.set("ALL", [...(timings.get("ALL") ?? []), ms]);
  }
  for (let i = 0; i < 100; i++) {
    const [name, params] = resellerScenarios[i % resellerScenarios.length]!;
    const t = performance.now();
    await Promise.all([
      listOrdersForReseller(resellerId(7), { ...params, limit: 25 }),
      countOrdersForReseller(resellerId(7), params),
    ]);
    const ms = performance.now() - t;
    timings.set(`${name} (page+total)`, [...(timings.get(`${name} (page+total)`) ?? []), ms]);
  }
  // Support's total above the list (counted up to 10,001 per status branch), once per scenario.
  const staff = { id: "00000000-0000-4000-8000-0000000000aa", role: "support" as const };
  for (let i = 0; i < scenarios.length * 3; i++) {
    const [name, params] = scenarios[i % scenarios.length]!;
    const t = performance.now();
    await countSupportOrders(staff, parseSupportOrderFilters(params));
    const key = `total: ${name}`;
    timings.set(key, [...(timings.get(key) ?? []), performance.now() - t]);
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  console.log("scenario".padEnd(28), "n".padStart(4), "p50 ms".padStart(8), "p95 ms".padStart(8));
  for (const [k, xs] of [...timings].sort()) {
    console.log(
      k.padEnd(28),
      String(xs.length).padStart(4),
      pct(xs, 50).toFixed(1).padStart(8),
      pct(xs, 95).toFixed(1).padStart(8),
    );
  }
}

try {
  await seed();
  await fetchOrderBatch(parseSupportOrderFilters({}), undefined, 51); // warm the pool
  await run();
} finally {
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
