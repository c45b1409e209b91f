// Benchmark 2 (docs/design.md#budgets): from commit to `succeeded`, minus upstream time, at a
// steady 100 orders per second — median ≤ 25 ms, p99 ≤ 100 ms. Orders are placed through
// placeOrder on an open-loop schedule (one every 10 ms, whether or not earlier ones returned)
// while a real worker process provisions them against the simulator with latency L. The first
// 10 s at that rate warm the worker and are not timed (BENCH_LATENCY_WARMUP_SECONDS); their p99
// is printed beside the timed one, as the figure of freshly started processes (placer and worker).
// Per order: finished_at − created_at − Σ attempt duration_ms (all database / clock-of-one-host
// timestamps). Where the time goes, per order (the breakdown): commit → job added (Redis's
// clock on the queue's event stream), job added → worker start (the job's `active` event),
// worker start → attempt claimed (the claim statement's time), and claimed → outcome committed
// minus the upstream call (the bookkeeping around the call). Each with its median and p99, and
// its mean over the slowest 1 %: that last says which part the p99 is made of. Prints figures;
// asserts nothing. BENCH_DIAG=1 adds what the slowest 1 % overlapped: stalls and GC pauses of the
// worker and of this process (the placer), the worker's periodic loops, Postgres checkpoints,
// autovacuum runs and WAL waiters (lib/latency-attribution.ts). The database first gets a settled
// history of 200,000 orders (BENCH_HISTORY=n to change, 0 for none): on a young database a
// 20-second run crosses autovacuum's thresholds on every hot table at once, which an installation
// with a history does not (docs/benchmarks.md "The latency run's database").
//   Run: npx tsx scripts/bench/commit-latency.ts [ratePerSecond=100] [seconds=20] [latencyMs=5]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { cpuDelta, cpuSnapshot } from "./lib/bench-cpu";
import { type BenchRow, latencyWarmupSeconds, percentile, report, sleep, sortNumbers } from "./lib/bench-kit";
import { seedHistoryFromEnv } from "./lib/bench-seed";
import {
  benchStack,
  orderStatuses,
  placeQboxDomain,
  qboxLatency,
  seedTenant,
  startBenchWorker,
  waitUntilSettled,
} from "./lib/bench-stack";
import {
  logPostgresEvents,
  loopEvents,
  postgresLogEvents,
  printAttribution,
  samplePostgres,
  type TimedOrder,
  type TimelineEvent,
  workerLoopPasses,
} from "./lib/latency-attribution";
import { recordLoopTimeline } from "./lib/loop-timeline.mjs";

const RATE = Number(process.argv[2] ?? 100);
const SECONDS = Number(process.argv[3] ?? 20);
const L = Number(process.argv[4] ?? 5);
const WARMUP = Math.round(RATE * latencyWarmupSeconds());
const DIAG = Boolean(process.env.BENCH_DIAG);

const stack = await benchStack({ QBOXMAIL_CONCURRENCY: "50", QBOXMAIL_RATE_PER_SECOND: "100000" });
const { db, disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");
const { PROVISION_QUEUES } = await import("../../lib/jobs/provision-job");

/**
 * Listens to the queue's event stream from now on and remembers, per order, when its first job
 * was added and first became active, in Redis's clock (an event id is `<ms>-<seq>`). Same host as
 * Postgres, so the clocks agree to well within the milliseconds measured.
 */
async function jobEventTimes() {
  const { QueueEvents } = await import("bullmq");
  const events = new QueueEvents(PROVISION_QUEUES.qboxmail, {
    connection: { url: process.env.REDIS_URL },
    lastEventId: `${Date.now()}-0`,
  });
  await events.waitUntilReady();
  const added = new Map<string, number>();
  const active = new Map<string, number>();
  const remember = (into: Map<string, number>) => (args: { jobId: string }, id: string) => {
    const orderId = args.jobId.replace(/-v\d+$/, "");
    if (!into.has(orderId)) into.set(orderId, Number(id.split("-")[0]));
  };
  events.on("added", remember(added));
  events.on("active", remember(active));
  return { added, active, close: () => events.close() };
}

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
        (err: Error & { code?: string }) => {
          // The kind and the first words of the message: "Error" alone says nothing.
          const key = `${err.code ?? err.name}: ${String(err.message).slice(0, 120)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
          return undefined;
        },
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
  await seedHistoryFromEnv((q) => db().$executeRawUnsafe(q));
  const tenant = await seedTenant();
  // BENCH_DIAG: the worker's dated stalls and GC pauses (lib/worker-loop-diag.mjs) and its loop passes (debug lines).
  const loopDiag = DIAG ? fs.mkdtempSync(path.join(os.tmpdir(), "bench-loop-")) : undefined;
  if (DIAG) await logPostgresEvents();
  const worker = await startBenchWorker(
    loopDiag ? { BENCH_LOOP_DIAG_DIR: loopDiag, LOG_LEVEL: "debug" } : {},
    loopDiag ? [`--import=${path.join(import.meta.dirname, "lib/worker-loop-diag.mjs")}`] : [],
  );
  const placerLoop = DIAG ? recordLoopTimeline() : undefined;
  // Listening from before the warm-up: its orders get the same four parts as the timed ones.
  const jobTimes = await jobEventTimes();
  const warmFrom = new Date();
  await placeSteadily(tenant, "warm", WARMUP);
  await waitUntilSettled(60_000);
  const measuredFrom = new Date();
  if (DIAG) worker.child.kill("SIGUSR2");
  placerLoop?.reset();
  const pgSampler = DIAG ? samplePostgres() : undefined;
  const cpuAtStart = cpuSnapshot(stack.root, worker.child.pid);
  const count = RATE * SECONDS;
  const placed = await placeSteadily(tenant, "lat", count);
  await waitUntilSettled(60_000);
  const cpu = cpuDelta(cpuAtStart, cpuSnapshot(stack.root, worker.child.pid));
  await pgSampler?.stop();
  placerLoop?.stop();
  await worker.stop();
  await jobTimes.close();
  console.log(
    `placed ${count} orders in ${placed.seconds.toFixed(1)} s (${(count / placed.seconds).toFixed(0)}/s, ${placed.behind} sent late); statuses ${JSON.stringify(await orderStatuses())}`,
  );

  const orders = await db().order.findMany({
    where: { createdAt: { gte: measuredFrom }, status: "succeeded" },
    select: {
      id: true,
      createdAt: true,
      finishedAt: true,
      attempts: { select: { durationMs: true, startedAt: true, finishedAt: true } },
    },
  });
  const { rows: breakdown, timed } = breakDown(orders, jobTimes);
  if (loopDiag && pgSampler && placerLoop) {
    const file = path.join(loopDiag, `loop-${worker.child.pid}.json`);
    const fromWorker = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")).events ?? []) : [];
    const events: TimelineEvent[] = [
      ...loopEvents("worker", fromWorker),
      ...loopEvents("placer", placerLoop.events),
      ...workerLoopPasses(worker.output()).filter((e) => e.to >= measuredFrom.getTime()),
      ...postgresLogEvents(stack.root, measuredFrom.getTime()),
      ...pgSampler.events,
    ];
    printAttribution(timed, events, pgSampler.samples, measuredFrom.getTime());
    console.log(
      `  GIN pending lists, most pages seen: ${JSON.stringify(Object.fromEntries(pgSampler.ginMax))}; samples skipped (Postgres busy): ${pgSampler.skipped()}`,
    );
  }
  const minusUpstream = sortNumbers(orders.map(overUpstream));
  // The warm-up's own orders: what freshly started processes (placer, worker) give at first; not judged.
  const warmOrders = await db().order.findMany({
    where: { createdAt: { gte: warmFrom, lt: measuredFrom }, status: "succeeded" },
    select: {
      id: true,
      createdAt: true,
      finishedAt: true,
      attempts: { select: { durationMs: true, startedAt: true, finishedAt: true } },
    },
  });
  const warmMinusUpstream = sortNumbers(warmOrders.map(overUpstream));
  // Each warm-up second's p99, whole and by part: how long the fresh processes take to keep up,
  // and which falls behind (the placer's insert and enqueue, or the worker's hand-over, claim and
  // bookkeeping).
  const bySecond = new Map<number, TimedOrder[]>();
  for (const o of breakDown(warmOrders, jobTimes).timed) {
    const sec = Math.floor((o.created - warmFrom.getTime()) / 1000);
    bySecond.set(sec, [...(bySecond.get(sec) ?? []), o]);
  }
  const p99 = (xs: number[]) => percentile(sortNumbers(xs), 99);
  console.log("warm-up by second placed, p99 ms: total (enqueue / pickup / claim / around)");
  for (const [sec, os] of [...bySecond.entries()].sort(([a], [b]) => a - b))
    console.log(
      `  ${sec}: ${p99(os.map((o) => o.total))} (${(["enqueue", "pickup", "claim", "around"] as const)
        .map((k) => p99(os.map((o) => o.parts?.[k] ?? 0)))
        .join(" / ")})`,
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
    ...breakdown,
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
    {
      metric: `the warm-up (fresh placer and worker processes, first ${WARMUP} orders), commit→succeeded − upstream p99`,
      measured: percentile(warmMinusUpstream, 99),
      unit: "ms",
    },
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

/** An order's time from its insert to `succeeded` written, less the time spent in upstream calls. */
function overUpstream(o: { createdAt: Date; finishedAt: Date | null; attempts: { durationMs: number | null }[] }) {
  return o.finishedAt!.getTime() - o.createdAt.getTime() - o.attempts.reduce((s, a) => s + (a.durationMs ?? 0), 0);
}

type MeasuredOrder = {
  id: string;
  createdAt: Date;
  finishedAt: Date | null;
  attempts: { durationMs: number | null; startedAt: Date; finishedAt: Date | null }[];
};

/** The four parts of commit→succeeded − upstream, for the orders with one attempt and both events. */
function breakDown(
  orders: MeasuredOrder[],
  times: { added: Map<string, number>; active: Map<string, number> },
): { rows: BenchRow[]; timed: TimedOrder[] } {
  const parts = orders.flatMap((o) => {
    const a = o.attempts[0];
    const added = times.added.get(o.id);
    const active = times.active.get(o.id);
    if (o.attempts.length !== 1 || !a?.finishedAt || added === undefined || active === undefined) return [];
    const created = o.createdAt.getTime();
    const started = a.startedAt.getTime();
    return [
      {
        created,
        finished: o.finishedAt!.getTime(),
        total: o.finishedAt!.getTime() - created - (a.durationMs ?? 0),
        enqueue: added - created,
        pickup: active - added,
        claim: started - active,
        around: o.finishedAt!.getTime() - started - (a.durationMs ?? 0),
      },
    ];
  });
  const slowest = [...parts].sort((x, y) => y.total - x.total).slice(0, Math.max(5, Math.ceil(parts.length / 100)));
  const names = {
    enqueue: "insert → job added (insert, commit, enqueue)",
    pickup: "job added → worker start (BullMQ)",
    claim: "worker start → attempt claimed (claim statement)",
    around: "claimed → succeeded written, minus upstream (bookkeeping)",
  } as const;
  const rows: BenchRow[] = [
    { metric: "breakdown: orders with both job events", measured: parts.length, unit: `of ${orders.length}` },
  ];
  for (const [key, label] of Object.entries(names) as [keyof typeof names, string][]) {
    const sorted = sortNumbers(parts.map((p) => p[key]));
    const meanSlow = slowest.reduce((s, p) => s + p[key], 0) / (slowest.length || 1);
    rows.push(
      { metric: `${label}, median`, measured: percentile(sorted, 50), unit: "ms" },
      { metric: `${label}, p99`, measured: percentile(sorted, 99), unit: "ms" },
      { metric: `${label}, mean over the slowest 1 %`, measured: meanSlow, unit: "ms" },
    );
  }
  const timed = parts.map(({ created, finished, total, ...p }) => ({
    created,
    finished,
    total,
    parts: { enqueue: p.enqueue, pickup: p.pickup, claim: p.claim, around: p.around },
  }));
  return { rows, timed };
}

try {
  report("Commit to succeeded at a steady rate", await run());
} finally {
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
