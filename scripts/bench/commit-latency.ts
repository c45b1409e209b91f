// Benchmark 2 (docs/design.md#budgets): from commit to `succeeded`, minus upstream time, at a
// steady 100 orders per second — median ≤ 25 ms, p99 ≤ 100 ms. Orders are placed through
// placeOrder on an open-loop schedule (one every 10 ms, whether or not earlier ones returned)
// while a real worker process provisions them against the simulator with latency L.
// Per order: finished_at − created_at − Σ attempt duration_ms (all database / clock-of-one-host
// timestamps). Prints figures; asserts nothing.
//   Run: npx tsx scripts/bench/commit-latency.ts [ratePerSecond=100] [seconds=20] [latencyMs=5]
import { performance } from "node:perf_hooks";
import { cpuDelta, cpuSnapshot } from "./lib/bench-cpu";
import { type BenchRow, percentile, report, sleep, sortNumbers } from "./lib/bench-kit";
import {
  benchStack,
  placeQboxDomain,
  qboxLatency,
  seedTenant,
  startBenchWorker,
  waitUntilSettled,
} from "./lib/bench-stack";

const RATE = Number(process.argv[2] ?? 100);
const SECONDS = Number(process.argv[3] ?? 20);
const L = Number(process.argv[4] ?? 5);
const WARMUP = 100;

const stack = await benchStack({ QBOXMAIL_CONCURRENCY: "50", QBOXMAIL_RATE_PER_SECOND: "100000" });
const { db, disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");

/** Places `count` orders, one every 1000/RATE ms on an absolute schedule; returns call latencies. */
async function placeSteadily(tenant: Awaited<ReturnType<typeof seedTenant>>, prefix: string, count: number) {
  const interval = 1000 / RATE;
  const start = performance.now();
  const calls: Promise<number | undefined>[] = [];
  const errors = new Map<string, number>();
  let behind = 0;
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    else if (wait < -interval) behind++;
    const t = performance.now();
    calls.push(
      placeQboxDomain(tenant, `${prefix}${i}-${tenant.tag}.example.com`).then(
        () => performance.now() - t,
        (err: Error & { code?: string }) =>
          void errors.set(err.code ?? err.name, (errors.get(err.code ?? err.name) ?? 0) + 1),
      ),
    );
  }
  const latencies = (await Promise.all(calls)).filter((l): l is number => l !== undefined);
  if (errors.size) console.log(`placeOrder errors (${prefix}): ${JSON.stringify(Object.fromEntries(errors))}`);
  return {
    latencies: sortNumbers(latencies),
    seconds: (performance.now() - start) / 1000,
    behind,
    failed: count - latencies.length,
  };
}

async function run(): Promise<BenchRow[]> {
  await qboxLatency(L);
  const tenant = await seedTenant();
  const worker = await startBenchWorker();
  await placeSteadily(tenant, "warm", WARMUP);
  await waitUntilSettled(30_000);
  const measuredFrom = new Date();
  const cpuAtStart = cpuSnapshot(stack.root, worker.child.pid);
  const count = RATE * SECONDS;
  const placed = await placeSteadily(tenant, "lat", count);
  const counts = await waitUntilSettled(60_000);
  const cpu = cpuDelta(cpuAtStart, cpuSnapshot(stack.root, worker.child.pid));
  await worker.stop();
  console.log(
    `placed ${count} orders in ${placed.seconds.toFixed(1)} s (${(count / placed.seconds).toFixed(0)}/s, ${placed.behind} sent late); statuses ${JSON.stringify(counts)}`,
  );

  const orders = await db().order.findMany({
    where: { createdAt: { gte: measuredFrom }, status: "succeeded" },
    select: { createdAt: true, finishedAt: true, attempts: { select: { durationMs: true, startedAt: true } } },
  });
  const minusUpstream = sortNumbers(
    orders.map(
      (o) => o.finishedAt!.getTime() - o.createdAt.getTime() - o.attempts.reduce((s, a) => s + (a.durationMs ?? 0), 0),
    ),
  );
  const total = sortNumbers(orders.map((o) => o.finishedAt!.getTime() - o.createdAt.getTime()));
  const pickup = sortNumbers(
    orders.map((o) => Math.min(...o.attempts.map((a) => a.startedAt.getTime())) - o.createdAt.getTime()),
  );
  const upstream = sortNumbers(orders.flatMap((o) => o.attempts.map((a) => a.durationMs ?? 0)));
  // When the slow ones were placed (seconds into the run): clustered every 2 s points at the
  // relay or heartbeat, one burst at a pause (GC, the machine), spread out at queueing.
  const slowest = orders
    .map((o) => ({
      at: (o.createdAt.getTime() - measuredFrom.getTime()) / 1000,
      ms: o.finishedAt!.getTime() - o.createdAt.getTime() - o.attempts.reduce((s, a) => s + (a.durationMs ?? 0), 0),
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Math.max(5, Math.ceil(orders.length / 100)));
  console.log(
    `slowest 1% (placed at +s: ms): ${slowest
      .sort((a, b) => a.at - b.at)
      .map((x) => `${x.at.toFixed(2)}:${x.ms}`)
      .join(" ")}`,
  );
  return [
    {
      metric: `commit→succeeded − upstream, median (${RATE}/s, L=${L} ms)`,
      measured: percentile(minusUpstream, 50),
      unit: "ms",
      budget: 25,
      kind: "max",
    },
    {
      key: "latency.minusUpstream.p99",
      metric: "commit→succeeded − upstream, p99",
      measured: percentile(minusUpstream, 99),
      unit: "ms",
      budget: 100,
      kind: "max",
    },
    { metric: "commit→succeeded − upstream, max", measured: minusUpstream.at(-1) ?? NaN, unit: "ms" },
    { metric: "commit→succeeded, median (with upstream)", measured: percentile(total, 50), unit: "ms" },
    { metric: "commit→attempt start, median", measured: percentile(pickup, 50), unit: "ms" },
    { metric: "commit→attempt start, p99", measured: percentile(pickup, 99), unit: "ms" },
    { metric: "upstream call, median", measured: percentile(upstream, 50), unit: "ms" },
    { metric: "orders measured (succeeded)", measured: orders.length, unit: `of ${count}` },
    { metric: "placeOrder calls that failed", measured: placed.failed, unit: `of ${count}` },
    { metric: "placeOrder during run, p99", measured: percentile(placed.latencies, 99), unit: "ms" },
    { metric: "placement rate achieved", measured: count / placed.seconds, unit: "orders/s" },
    { metric: "CPU per order: worker", measured: cpu.worker / count, unit: "ms" },
    { metric: "CPU per order: Postgres", measured: cpu.postgres / count, unit: "ms" },
    { metric: "CPU per order: placeOrder + simulator", measured: cpu.bench / count, unit: "ms" },
  ];
}

try {
  report("Commit to succeeded at a steady rate", await run());
} finally {
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
