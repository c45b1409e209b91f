// Benchmark 3 (docs/design.md#budgets): placing orders through the web app — ≥ 200 per second,
// p99 ≤ 250 ms. Measured at the lib level: placeOrder() (what the place-order server action calls
// after its session check) in this process, with K concurrent callers, against a real Postgres
// and Redis (the enqueue is part of each call). No worker runs, so nothing else competes.
// Optionally the tenant first gets `existing` orders (SQL), since the limit check counts them.
// Prints figures; asserts nothing.
//   Run: npx tsx scripts/bench/place-orders.ts [orders=3000] [callers=20,50] [existing=0]
import { performance } from "node:perf_hooks";
import { cpuDelta, cpuSnapshot } from "./lib/bench-cpu";
import { type BenchRow, percentile, report, sortNumbers } from "./lib/bench-kit";
import { type BenchTenant, benchStack, placeQboxDomain, pool, seedTenant } from "./lib/bench-stack";
import { printStatements, statementSnapshot } from "./lib/bench-statements";

const N = Number(process.argv[2] ?? 3_000);
const CALLERS = (process.argv[3] ?? "20,50").split(",").map(Number);
const EXISTING = Number(process.argv[4] ?? 0);

const stack = await benchStack();
const { db, disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");

async function addExisting(t: BenchTenant, count: number) {
  if (count <= 0) return;
  await db().$executeRawUnsafe(
    `INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status,
      natural_key, display_name, payload, idempotency_key, upstream_ref, version, created_at, updated_at)
    SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, 'qboxmail_domain', 'qboxmail', 'succeeded',
      'old' || g || '.example.com', 'old' || g || '.example.com', '{}'::jsonb, 'old-' || g, 'REF-' || g, 3,
      now() - g * interval '1 minute', now()
    FROM generate_series(1, ${count}) g`,
    t.reseller.id,
    t.customer.id,
    t.user.id,
  );
  await db().$executeRawUnsafe(`ANALYZE "order"`);
}

async function phase(t: BenchTenant, callers: number): Promise<BenchRow[]> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const cpuAtStart = cpuSnapshot(stack.root);
  // BENCH_DIAG=1: Postgres's time per placement by statement (docs/benchmarks.md).
  const statementsAtStart = process.env.BENCH_DIAG ? await statementSnapshot() : undefined;
  const start = performance.now();
  await pool(N, callers, async (i) => {
    const s = performance.now();
    try {
      await placeQboxDomain(t, `po${callers}-${i}-${t.tag}.example.com`);
      latencies.push(performance.now() - s);
    } catch (err) {
      // e.g. P2028: no pooled connection within Prisma's 2 s transaction wait.
      const code = (err as { code?: string }).code ?? (err as Error).name;
      errors.set(code, (errors.get(code) ?? 0) + 1);
    }
  });
  if (errors.size) console.log(`placeOrder errors (${callers} callers): ${JSON.stringify(Object.fromEntries(errors))}`);
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuDelta(cpuAtStart, cpuSnapshot(stack.root));
  if (statementsAtStart) printStatements(statementsAtStart, await statementSnapshot(), N);
  const sorted = sortNumbers(latencies);
  return [
    {
      metric: `placeOrder throughput (${callers} callers, N=${N})`,
      measured: latencies.length / seconds,
      unit: "orders/s",
      budget: 200,
      kind: "min",
    },
    {
      metric: `placeOrder latency p99 (${callers} callers)`,
      measured: percentile(sorted, 99),
      unit: "ms",
      budget: 250,
      kind: "max",
    },
    { metric: `placeOrder latency median (${callers} callers)`, measured: percentile(sorted, 50), unit: "ms" },
    { metric: `placeOrder calls that failed (${callers} callers)`, measured: N - latencies.length, unit: `of ${N}` },
    { metric: `CPU per order: placeOrder process (${callers})`, measured: cpu.bench / N, unit: "ms" },
    { metric: `CPU per order: Postgres (${callers})`, measured: cpu.postgres / N, unit: "ms" },
    // What that CPU cost would allow with both cores to ourselves. An estimate, not a measurement.
    {
      metric: `ceiling from CPU cost (idle 2 cores), est. (${callers})`,
      measured: 2000 / ((cpu.bench + cpu.postgres) / N),
      unit: "orders/s",
    },
  ];
}

async function run(): Promise<BenchRow[]> {
  const tenant = await seedTenant();
  await addExisting(tenant, EXISTING);
  // Warm-up: connection pool, Prisma's query plans, the JIT.
  await pool(200, 10, async (i) => void (await placeQboxDomain(tenant, `warm${i}-${tenant.tag}.example.com`)));
  const rows: BenchRow[] = [];
  for (const callers of CALLERS) rows.push(...(await phase(tenant, callers)));
  if (EXISTING) rows.push({ metric: "orders the tenant already had", measured: EXISTING, unit: "" });
  return rows;
}

try {
  report("Placing orders (lib level, in-process)", await run());
} finally {
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
