// Benchmark 1 + 4 (docs/design.md#budgets): provisioning throughput with upstream latency L and
// worker concurrency C — budget ≥ 0.9 × C/L orders per second — and the worker's memory during
// that run (≤ 250 MB, flat). A backlog of N Qboxmail domain orders is placed through placeOrder
// first (jobs wait in Redis), then one real worker process drains it; the rate is taken over the
// steady middle of the run (10th to 90th percentile of finish times), so start-up and the tail
// do not count. Prints figures; asserts nothing.
// With W > 1 worker processes (the scaling run) each takes C jobs at once and the queue's global
// concurrency is C × W, so the provider limit never caps the total: what stops the growth is the
// machine (docs/benchmarks.md "Scaling").
// With --mixed the backlog is the four order kinds in turn (scripts/bench/lib/bench-mix.ts), both
// providers' limits lifted and both simulators slowed by L: the headline worker CPU per order.
// --only=<kind> makes the backlog of that one kind (the mix's set-up): what one kind costs.
// Every run counts the worker's Postgres round trips and upstream HTTP requests per order
// (lib/worker-call-count.mjs), the figures the bare pipeline step is built to match.
// The backlog is placed on a settled history of 200,000 orders, as the latency run's is
// (BENCH_HISTORY=n to change, 0 for the young database of earlier runs, which `npm run bench`
// keeps for its throughput runs to save 30 s each; docs/benchmarks.md "The latency run's database").
//   Run: npx tsx scripts/bench/pipeline-throughput.ts [orders=3000] [latencyMs=200] [concurrency=50] [workers=1] [--mixed] [--only=<kind>]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { cpuDelta, cpuSnapshot, threadCpu, threadCpuDelta } from "./lib/bench-cpu";
import { diagSnapshot, printDiag, sampleBackendWaits } from "./lib/bench-diag";
import { type BenchRow, percentile, report, sampleRss, sleep, sortNumbers } from "./lib/bench-kit";
import {
  MIX_KINDS,
  type MixKind,
  mixedKind,
  mixedOrder,
  placeKind,
  seedMixPrerequisites,
  simLatency,
} from "./lib/bench-mix";
import { seedHistoryFromEnv } from "./lib/bench-seed";
import {
  benchStack,
  orderStatuses,
  placeQboxDomain,
  pool,
  qboxLatency,
  seedTenant,
  serverCounters,
  startBenchWorker,
  waitUntilSettled,
} from "./lib/bench-stack";
import { listenToSlots, printSlotBreakdown } from "./lib/slot-breakdown";

const ONLY = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length) as MixKind | undefined;
if (ONLY && !MIX_KINDS.includes(ONLY)) throw new Error(`--only= takes one of ${MIX_KINDS.join(", ")}`);
const MIXED = process.argv.includes("--mixed") || ONLY !== undefined;
const kindOf = (i: number): MixKind => ONLY ?? mixedKind(i);
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const N = Number(args[0] ?? 3_000);
const L = Number(args[1] ?? 200);
const C = Number(args[2] ?? 50);
const W = Number(args[3] ?? 1);
// Figures of the plain run are keyed pipeline.L<L>.*, the mixed run's mixed.L<L>.*, those of the
// scaling runs scale.W<W>.*.
const KEY = args[3] ? `scale.W${W}` : ONLY ? `only.${ONLY}.L${L}` : MIXED ? `mixed.L${L}` : `pipeline.L${L}`;

const lifted = { CONCURRENCY: String(C * W), RATE_PER_SECOND: "100000" };
const stack = await benchStack({
  QBOXMAIL_CONCURRENCY: lifted.CONCURRENCY,
  QBOXMAIL_RATE_PER_SECOND: lifted.RATE_PER_SECOND,
  ...(MIXED ? { GROMMUNIO_CONCURRENCY: lifted.CONCURRENCY, GROMMUNIO_RATE_PER_SECOND: lifted.RATE_PER_SECOND } : {}),
});
const { db, disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");

/** Places the backlog (after the mix's prerequisites); returns when its first order was placed. */
async function placeBacklog(): Promise<Date> {
  await seedHistoryFromEnv((q) => db().$executeRawUnsafe(q));
  const tenant = await seedTenant();
  const domainCodes = MIXED ? await seedMixPrerequisites(tenant) : [];
  await qboxLatency(L);
  if (MIXED) await simLatency("grommunio", L);
  const from = new Date();
  const t = performance.now();
  await pool(N, 32, async (i) => {
    // A placement that fails under load is tried again: this benchmark is about the worker.
    for (let attempt = 0; ; attempt++) {
      try {
        if (!MIXED) return void (await placeQboxDomain(tenant, `tp${i}-${tenant.tag}.example.com`));
        const { kind, form } = mixedOrder(tenant, i, domainCodes, kindOf(i));
        return void (await placeKind(tenant, kind, form));
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  });
  const s = (performance.now() - t) / 1000;
  const mix = new Map<string, number>();
  for (let i = 0; MIXED && i < N; i++) mix.set(kindOf(i), (mix.get(kindOf(i)) ?? 0) + 1);
  const what = MIXED ? `orders (${[...mix].map(([k, n]) => `${n} ${k}`).join(", ")})` : "Qboxmail domain orders";
  console.log(`placed ${N} ${what} in ${s.toFixed(1)} s (${(N / s).toFixed(0)}/s); starting the worker`);
  return from;
}

/** When orders of the backlog did not succeed: which kinds, and what their attempts said. */
async function explainUnfinished(from: Date): Promise<void> {
  const rest = await db().order.groupBy({
    by: ["kind", "status"],
    where: { createdAt: { gte: from }, status: { not: "succeeded" } },
    _count: { _all: true },
  });
  if (!rest.length) return;
  console.log(`not succeeded: ${rest.map((g) => `${g.kind} ${g.status} ${g._count._all}`).join(", ")}`);
  const said = await db().attempt.groupBy({
    by: ["outcome", "message"],
    where: { order: { createdAt: { gte: from } }, outcome: { not: "succeeded" } },
    _count: { id: true },
    orderBy: { _count: { id: "desc" } },
    take: 5,
  });
  for (const a of said) console.log(`  attempts ${a.outcome}: ${a._count.id} × ${a.message}`);
}

// BENCH_DIAG: the worker's event-loop delay and GC pauses during the drain (lib/worker-loop-diag.mjs).
const LOOP_DIAG_PRELOAD = `--import=${path.join(import.meta.dirname, "lib/worker-loop-diag.mjs")}`;
const CALL_COUNT_PRELOAD = `--import=${path.join(import.meta.dirname, "lib/worker-call-count.mjs")}`;

type CallCounts = { pg: Record<string, number>; http: Record<string, number>; connects: Record<string, number> };

/** The workers' counted calls of the drain, added up (lib/worker-call-count.mjs). */
function readCallCounts(dir: string, workers: { child: { pid?: number } }[]): CallCounts {
  const sum: CallCounts = { pg: {}, http: {}, connects: {} };
  for (const w of workers) {
    const file = path.join(dir, `calls-${w.child.pid}.json`);
    if (!fs.existsSync(file)) throw new Error(`the worker wrote no call counts (${file})`);
    const c = JSON.parse(fs.readFileSync(file, "utf8")) as CallCounts;
    for (const part of ["pg", "http", "connects"] as const)
      for (const [k, n] of Object.entries(c[part])) sum[part][k] = (sum[part][k] ?? 0) + n;
  }
  return sum;
}

function printCallCounts(c: CallCounts): void {
  for (const [part, title] of [
    ["pg", "Postgres round trips"],
    ["http", "upstream HTTP requests"],
  ] as const) {
    const rows = Object.entries(c[part]).sort((a, b) => b[1] - a[1]);
    console.log(`\nworker ${title} per order, by ${part === "pg" ? "statement" : "request"}:`);
    for (const [k, n] of rows) console.log(`  ${(n / N).toFixed(3).padStart(7)}  ${k}`);
  }
  const opened = Object.entries(c.connects).map(([port, n]) => `${n} to ${port}`);
  console.log(`worker TCP connections opened during the drain: ${opened.join(", ") || "none"}`);
}
const total = (m: Record<string, number>) => Object.values(m).reduce((s, n) => s + n, 0);

function printLoopDiag(dir: string, workers: { child: { pid?: number } }[]): void {
  for (const w of workers) {
    const file = path.join(dir, `loop-${w.child.pid}.json`);
    if (!fs.existsSync(file)) continue;
    const d = JSON.parse(fs.readFileSync(file, "utf8")) as {
      seconds: number;
      loopDelayMs: Record<string, number>;
      loopUtilization: number;
      gc: Record<string, { count: number; totalMs: number; maxMs: number }>;
    };
    const gc = Object.entries(d.gc)
      .map(([k, g]) => `${k} ${g.count}× ${g.totalMs.toFixed(0)} ms (max ${g.maxMs.toFixed(1)})`)
      .join(", ");
    console.log(
      `\nworker ${w.child.pid} event loop over ${d.seconds.toFixed(1)} s (BENCH_DIAG): delay ms ${JSON.stringify(d.loopDelayMs)}, utilisation ${d.loopUtilization.toFixed(2)}; GC ${gc}`,
    );
  }
}

async function run(): Promise<BenchRow[]> {
  const from = await placeBacklog();
  // A Postgres backend reports its transaction counts at most once a second, and one that goes
  // idle sooner holds the rest for 10 s: the placers' last second would be counted in the drain.
  // Backends report everything when they exit, so the placing connections are closed first (db()
  // opens new ones on its next use); the workers', at the end, likewise (docs/benchmarks/worker.md
  // "Transactions per order: the placers' late statistics").
  await disconnectDb();
  // Only the backlog's orders count (the mix's prerequisites were made before it).
  const ofBacklog = { createdAt: { gte: from } };
  // BENCH_DIAG: each Qboxmail job's slot in parts (lib/slot-breakdown.ts), from the queue's events on.
  const slots =
    process.env.BENCH_DIAG && !MIXED
      ? await listenToSlots((await import("../../lib/jobs/provision-job")).PROVISION_QUEUES.qboxmail)
      : undefined;
  const spawnedAt = Date.now();
  const loopDiag = process.env.BENCH_DIAG ? fs.mkdtempSync(path.join(os.tmpdir(), "bench-loop-")) : undefined;
  const callDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-calls-"));
  const workers = await Promise.all(
    Array.from({ length: W }, () =>
      startBenchWorker({ BENCH_CALL_COUNT_DIR: callDir, ...(loopDiag ? { BENCH_LOOP_DIAG_DIR: loopDiag } : {}) }, [
        CALL_COUNT_PRELOAD,
        ...(loopDiag ? [LOOP_DIAG_PRELOAD] : []),
      ]),
    ),
  );
  // The call counts and loop diagnostics count from here: the drain, not the worker's start.
  for (const w of workers) w.child.kill("SIGUSR2");
  const rssAll = workers.map((w) => sampleRss(w.child.pid!, 1_000));
  const rss = rssAll[0]!;
  const cpuOfWorkers = () => workers.map((w) => cpuSnapshot(stack.root, w.child.pid));
  const cpuAtStart = cpuOfWorkers();
  // The first worker's CPU by thread: how much is its event loop, how much V8's helpers.
  const threadsAtStart = threadCpu(workers[0]!.child.pid!);
  const countersAtStart = await serverCounters();
  const diagAtStart = process.env.BENCH_DIAG ? await diagSnapshot() : undefined;
  const waits = process.env.BENCH_DIAG ? sampleBackendWaits() : undefined;
  console.log(
    `worker ready in ${((Date.now() - spawnedAt) / 1000).toFixed(1)} s, RSS ${rss.samples[0]?.toFixed(0)} MB`,
  );
  let last = 0;
  const drainStart = Date.now();
  // The worker's CPU from the moment half the backlog is done: the second half runs on code V8
  // has already optimized, so its CPU per order is the warm worker's (the bare step prints the same).
  let atHalf: { done: number; cpu: number } | undefined;
  // The backlog is all that is open (the mix's prerequisites settled before it).
  await waitUntilSettled(120_000, (open) => {
    const done = N - open;
    if (!atHalf && done >= N / 2 && W === 1) atHalf = { done, cpu: cpuOfWorkers()[0]!.worker };
    if (done - last >= 500) console.log(`  ${done} of ${N} settled, RSS ${rss.samples.at(-1)?.toFixed(0)} MB`);
    if (done - last >= 500) last = done;
  });
  const drainMs = Date.now() - drainStart;
  await waits?.stop();
  const cpuEach = cpuOfWorkers().map((end, i) => cpuDelta(cpuAtStart[i]!, end));
  const threads = threadCpuDelta(threadsAtStart, threadCpu(workers[0]!.child.pid!));
  const secondHalf = atHalf && (cpuAtStart[0]!.worker + cpuEach[0]!.worker - atHalf.cpu) / (N - atHalf.done);
  // Postgres, Redis and this process are the same in every snapshot; the workers add up.
  const cpu = { ...cpuEach[0]!, worker: cpuEach.reduce((sum, c) => sum + c.worker, 0) };
  const samples = rss.stop();
  const maxRssEach = rssAll.map((r) => Math.max(...r.stop()));
  // The workers stop before the counters are read, and so do this script's own connections, so
  // that every backend has reported its transactions (see the start); the stop adds a handful.
  await Promise.all(workers.map((w) => w.stop()));
  await disconnectDb();
  await sleep(1_000); // the backends' exits, and Postgres publishes its statistics up to a second late
  const counters = await serverCounters();
  if (diagAtStart) printDiag(diagAtStart, await diagSnapshot(), N);
  if (loopDiag) printLoopDiag(loopDiag, workers);
  const calls = readCallCounts(callDir, workers);
  printCallCounts(calls);
  // BENCH_WORKER_LOG=<file>: the workers' output, e.g. with BENCH_WORKER_NODE_ARGS="--trace-gc".
  if (process.env.BENCH_WORKER_LOG)
    fs.writeFileSync(process.env.BENCH_WORKER_LOG, workers.map((w) => w.output()).join("\n"));
  console.log(`final statuses: ${JSON.stringify(await orderStatuses())}`);
  console.log(`RSS samples (MB, 1/s): ${samples.map((s) => s.toFixed(0)).join(" ")}`);

  await explainUnfinished(from);
  if (slots) {
    await slots.close();
    await printSlotBreakdown(from, slots);
  }
  const done = await db().order.findMany({
    where: { status: "succeeded", ...ofBacklog },
    select: { finishedAt: true },
  });
  const finished = sortNumbers(done.map((o) => o.finishedAt!.getTime()));
  const lo = percentile(finished, 10),
    hi = percentile(finished, 90);
  const steady = finished.filter((f) => f >= lo && f <= hi).length;
  const steadyRate = steady / ((hi - lo) / 1000);
  const overall = finished.length / ((finished.at(-1)! - finished[0]!) / 1000);
  const attemptRows = await db().attempt.findMany({
    where: { durationMs: { not: null }, order: ofBacklog },
    select: { durationMs: true, startedAt: true, finishedAt: true },
  });
  const durations = sortNumbers(attemptRows.map((a) => a.durationMs!));
  // From the attempt statement's start (database clock) to the upstream call's start (worker
  // clock, same host): one committed step plus whatever waits between the two.
  const beginToCall = sortNumbers(
    attemptRows.map((a) => a.finishedAt!.getTime() - a.durationMs! - a.startedAt.getTime()),
  );
  const attempts = await db().attempt.count({ where: { order: ofBacklog } });
  return [
    {
      key: `${KEY}.rate`,
      metric: `throughput, steady (L=${L} ms, C=${C}${W > 1 ? ` × ${W} workers` : ""}${MIXED ? " per provider, 4 kinds" : ""}, N=${N})`,
      measured: steadyRate,
      unit: "orders/s",
      // At L = 0 there is no C/L ceiling: that run is judged against the bare step (ratios.ts).
      // The mixed run has two queues of C each: no single C/L ceiling either.
      ...(L > 0 && !MIXED ? { budget: (0.9 * C * 1000) / L, kind: "min" as const } : {}),
    },
    { metric: "throughput, first to last finish", measured: overall, unit: "orders/s" },
    { metric: "orders succeeded", measured: finished.length, unit: `of ${N}` },
    { metric: "attempts per order", measured: attempts / N, unit: "" },
    { metric: "upstream call, median", measured: percentile(durations, 50), unit: "ms" },
    {
      metric: `per job, not upstream: ${W > 1 ? "C × workers" : "C"} / rate − upstream median`,
      measured: (C * W * 1000) / steadyRate - percentile(durations, 50),
      unit: "ms",
    },
    { metric: "attempt step start → upstream call, median", measured: percentile(beginToCall, 50), unit: "ms" },
    {
      key: `${KEY}.pgXacts`,
      metric: "Postgres transactions per order",
      measured: (counters.pgXacts - countersAtStart.pgXacts) / N,
      unit: "",
    },
    {
      key: `${KEY}.redisCommands`,
      metric: "Redis commands per order (incl. inside Lua)",
      measured: (counters.redisCommands - countersAtStart.redisCommands) / N,
      unit: "",
    },
    {
      key: `${KEY}.pgRoundTrips`,
      metric: "worker Postgres round trips per order (incl. BEGIN/COMMIT, its loops)",
      measured: total(calls.pg) / N,
      unit: "",
    },
    {
      key: `${KEY}.httpRequests`,
      metric: "worker upstream HTTP requests per order",
      measured: total(calls.http) / N,
      unit: "",
    },
    { key: `${KEY}.cpuWorker`, metric: "CPU per order: worker", measured: cpu.worker / N, unit: "ms" },
    // Of the first worker (all of it when W = 1): the event loop's thread against V8's helper
    // threads (the optimizing compiler, concurrent and parallel GC) and libuv's pool.
    ...(secondHalf !== undefined
      ? [
          {
            key: `${KEY}.cpuWorkerWarm`,
            metric: "CPU per order: worker, second half of the drain",
            measured: secondHalf,
            unit: "ms",
          },
        ]
      : []),
    // By thread only with one worker: the first worker's threads over all workers' orders would
    // read as a W-th of the truth.
    ...(W === 1
      ? [
          { metric: "CPU per order: worker main thread", measured: threads.main / N, unit: "ms" },
          {
            metric: "CPU per order: worker other threads (JIT, GC helpers)",
            measured: threads.otherThreads / N,
            unit: "ms",
          },
          { metric: "CPU per order: worker system time (in the kernel)", measured: threads.system / N, unit: "ms" },
          { metric: "worker minor page faults per order", measured: threads.minorFaults / N, unit: "" },
        ]
      : []),
    { key: `${KEY}.cpuPostgres`, metric: "CPU per order: Postgres", measured: cpu.postgres / N, unit: "ms" },
    { metric: "CPU per order: Redis", measured: cpu.redis / N, unit: "ms" },
    { metric: "CPU per order: simulator (bench process)", measured: cpu.bench / N, unit: "ms" },
    // What the parts' CPU cost would allow on an otherwise idle 2-core machine: each worker's one
    // JavaScript thread, and all parts sharing both cores. An estimate, not a measurement.
    {
      metric: "ceiling from CPU cost (idle 2 cores), est.",
      measured: Math.min(
        (W * 1000) / (cpu.worker / N),
        2000 / ((cpu.worker + cpu.postgres + cpu.redis + cpu.bench) / N),
      ),
      unit: "orders/s",
    },
    { metric: "worker RSS, at ready", measured: samples[0] ?? NaN, unit: "MB", budget: 250, kind: "max" },
    {
      key: `${KEY}.rssMax`,
      metric: "worker RSS, max",
      measured: Math.max(...samples),
      unit: "MB",
      budget: 250,
      kind: "max",
    },
    { metric: "worker RSS, end", measured: samples.at(-1) ?? NaN, unit: "MB", budget: 250, kind: "max" },
    ...(KEY.startsWith("scale.")
      ? [
          { metric: "worker processes", measured: W, unit: "" },
          { metric: "worker RSS, max of any worker", measured: Math.max(...maxRssEach), unit: "MB" },
          // The machine's share: how much of its cores everything together used while draining.
          {
            key: `${KEY}.coresBusy`,
            metric: "cores busy while draining (all parts), of 2",
            measured: (cpu.worker + cpu.postgres + cpu.redis + cpu.bench) / drainMs,
            unit: "",
          },
        ]
      : []),
  ];
}

try {
  report(`Pipeline throughput and worker memory${MIXED ? " (four kinds mixed)" : ""}`, await run());
} finally {
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
