// Benchmark: the reseller's services list at scale (docs/search.md "The services list"): one
// reseller holding N services (default 150,000) over 500 customers, among 10 resellers of 10,000
// each. Starts its own Postgres (scripts/lib/stack.ts), seeds with generate_series in SQL, times the
// calls the list page makes (a page, the capped total, searches, filters, a deep keyset page and
// its "previous"), then prints the plan Postgres chose for each (auto_explain, one pass).
// Prints figures; asserts nothing.
//   npx tsx scripts/bench/services-list.ts [services of the big reseller, default 150000]
import fs from "node:fs";
import path from "node:path";
import { startStack } from "../lib/stack";
import { timeScenarios } from "./lib/bench-kit";
import { customerOf, customerOfSql, resellerId, resellerIdSql, seedResellers } from "./lib/bench-seed";

const BIG = Number(process.argv[2] ?? 150_000);
const OTHERS = 10_000;
const RESELLERS = 10;
const CUSTOMERS = 500;

const stack = await startStack();
Object.assign(process.env, stack.env);
const { db, disconnectDb } = await import("../../lib/db");
const { listServices, countServices } = await import("../../lib/services/service-list");
const { encodeCursor } = await import("../../lib/pagination/cursor");

async function seed() {
  const t = performance.now();
  const sql = (q: string) => db().$executeRawUnsafe(q);
  await seedResellers(sql, { resellers: RESELLERS, customers: CUSTOMERS, layout: "per-reseller" });
  // Service g of reseller r: all four kinds, 1 in 50 with an internationalized name, 1 in 20
  // deleted, a few suspended or waiting for DNS, created g minutes ago.
  await sql(`INSERT INTO service (id, reseller_id, customer_id, kind, provider, upstream_ref, natural_key,
      display_name, status, upstream_state, created_at, updated_at)
    SELECT gen_random_uuid(), ${resellerIdSql("r")}, ${customerOfSql("r", `1 + (g * 7919) % ${CUSTOMERS}`)},
      (ARRAY['qboxmail_domain','qboxmail_manager','grommunio_domain','grommunio_server'])[1 + g % 4]::"OrderKind",
      (CASE WHEN g % 4 < 2 THEN 'qboxmail' ELSE 'grommunio' END)::"Provider",
      'D' || lpad((r * 1000000 + g)::text, 9, '0'),
      CASE WHEN g % 50 = 0 THEN 'xn--bcher' || g || '-kva.de' ELSE 'shop' || g || '.example' END,
      CASE WHEN g % 50 = 0 THEN 'bücher' || g || '.de' ELSE 'shop' || g || '.example' END,
      (CASE WHEN g % 20 = 0 THEN 'deleted' ELSE 'active' END)::"ServiceStatus",
      CASE WHEN g % 400 = 1 THEN 'suspended' WHEN g % 100 = 3 THEN 'ownership_check' ELSE 'active' END,
      now() - g * interval '1 minute', now()
    FROM generate_series(1, ${RESELLERS}) r, generate_series(1, CASE WHEN r = 1 THEN ${BIG} ELSE ${OTHERS} END) g`);
  // VACUUM as autovacuum would after a bulk load (moves the trigram indexes' pending lists in).
  await sql("VACUUM ANALYZE");
  console.log(
    `seeded ${BIG} services for one reseller and ${OTHERS} for each of ${RESELLERS - 1} others in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

const R = resellerId(1);
// A cursor 100,000 rows down the list (page 2,000), and one the "previous" link of that page carries.
const deep = { after: "", before: "" };
async function findDeepCursors() {
  const at = async (offset: number) => {
    const [row] = await db().$queryRawUnsafe<{ id: string; created_at: Date }[]>(
      `SELECT id, created_at FROM service WHERE reseller_id = '${R}' AND status = 'active'
       ORDER BY created_at DESC, id DESC OFFSET ${offset} LIMIT 1`,
    );
    return row ? encodeCursor({ at: row.created_at, id: row.id }) : "";
  };
  const down = Math.min(100_000, Math.floor(BIG * 0.6));
  deep.after = await at(down);
  deep.before = await at(down + 51);
}

const scenarios: Array<[string, () => Promise<unknown>]> = [
  ["first page", () => listServices(R, {})],
  ["total (capped at 10,000)", () => countServices(R, {})],
  ["page 2,000 (cursor)", () => listServices(R, { cursor: deep.after })],
  ["previous from page 2,000", () => listServices(R, { before: deep.before })],
  ["search fragment op1234", () => listServices(R, { q: "op1234" })],
  ["  its total", () => countServices(R, { q: "op1234" })],
  ["search common shop", () => listServices(R, { q: "shop" })],
  ["search unicode ücher12", () => listServices(R, { q: "ücher12" })],
  ["search ascii xn--bcher12", () => listServices(R, { q: "xn--bcher12" })],
  ["search exact reference", () => listServices(R, { q: "d001004321" })],
  ["search customer 1-123", () => listServices(R, { q: "Customer 1-123" })],
  ["search many customers", () => listServices(R, { q: "Customer 1-" })],
  ["search no match", () => listServices(R, { q: "nothing-like-this" })],
  ["filter state suspended", () => listServices(R, { state: "suspended" })],
  ["  its total", () => countServices(R, { state: "suspended" })],
  ["filter kind + customer", () => listServices(R, { kind: "grommunio_domain", customerId: customerOf(1, 77) })],
  ["deleted services", () => listServices(R, { status: "deleted" })],
];

// One more pass with auto_explain logging every statement's plan into the cluster's log; then the
// plan lines of each scenario's service query are printed.
async function explain() {
  const log = fs
    .readdirSync(stack.root)
    .filter((d) => d.startsWith("pg-"))
    .map((d) => path.join(stack.root, d, "pg.log"))
    .find((f) => fs.existsSync(f));
  if (!log) return console.log("(no Postgres log found: plans not printed)");
  const dbName = new URL(stack.env.DATABASE_URL!).pathname.slice(1);
  await db().$executeRawUnsafe(`ALTER DATABASE ${dbName} SET session_preload_libraries = 'auto_explain'`);
  for (const [k, v] of [
    ["log_min_duration", "0"],
    ["log_analyze", "on"],
    ["log_buffers", "on"],
    ["log_timing", "off"],
  ])
    await db().$executeRawUnsafe(`ALTER DATABASE ${dbName} SET auto_explain.${k} = '${v}'`);
  await disconnectDb(); // new connections load auto_explain
  for (const [name, call] of scenarios) {
    const from = fs.statSync(log).size;
    await call();
    const text = fs.readFileSync(log, "utf8").slice(from);
    const plans = text
      .split(/LOG: {2}duration: /)
      .filter((p) => /FROM service s/.test(p) && !/count\(\*\)/.test(p) === !name.startsWith("  "));
    const plan = plans.at(-1) ?? plans[0];
    if (!plan) continue;
    const lines = plan
      .split("\n")
      .filter((l) => /->|Scan|Limit|Sort|Buffers|Execution|^\s*(Filter|Index Cond|Recheck)/.test(l));
    console.log(`\n== ${name.trim()} (${plan.split(" ")[0]} ms)`);
    for (const l of lines.slice(0, 18))
      console.log(`   ${l.replace(/^\s*\d{4}-\S+ \S+ \S+ \[\d+\] /, "").slice(0, 160)}`);
  }
}

try {
  await seed();
  await findDeepCursors();
  await scenarios[0]![1](); // warm the pool
  await timeScenarios(scenarios, 20);
  await explain();
} finally {
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
