// The baselines the pipeline's figures are judged against, measured in the same `npm run bench`
// run (docs/benchmarks.md): each runs scripts/bench/bare-worker.ts in its own process on this
// run's Redis, Postgres and simulator, with the pipeline's Worker options and job options.
//   1 bare BullMQ, backlog of N jobs, C concurrent, processor waits L (default 200 ms)
//   2 bare pipeline step, backlog of N jobs at L = 0: the upstream call + K round trips with pg,
//     K by default the round trips per order of the mixed run of N orders (bench-mix.ts)
//   3 bare BullMQ at a steady 100 jobs/s for S seconds, L = 5 ms: enqueue → start latency, after
//     the same warm-up at that rate as the pipeline's latency run (latencyWarmupSeconds), not timed
// Prints figures; asserts nothing.
//   Run: npx tsx scripts/bench/baselines.ts [N=3000] [L=200] [C=50] [S=20] [K=the mix's]
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { WORKER_ENV, WORKER_NODE_ARGS } from "../lib/worker-build.mjs";
import { cpuSnapshot, type ThreadCpu, threadCpu, threadCpuDelta } from "./lib/bench-cpu";
import { type BenchRow, latencyWarmupSeconds, percentile, report, sleep, sortNumbers } from "./lib/bench-kit";
import { mixRoundTripsPerOrder } from "./lib/bench-mix";
import { benchStack, qboxLatency } from "./lib/bench-stack";

const N = Number(process.argv[2] ?? 3_000);
const L = Number(process.argv[3] ?? 200);
const C = Number(process.argv[4] ?? 50);
const S = Number(process.argv[5] ?? 20);
const K = process.argv[6] ? Number(process.argv[6]) : mixRoundTripsPerOrder(N);
const RATE_LIMIT = "100000"; // the pipeline benchmarks lift the provider limit the same way

const stack = await benchStack({ QBOXMAIL_CONCURRENCY: String(C), QBOXMAIL_RATE_PER_SECOND: RATE_LIMIT });
const { PROVISION_JOB, PROVISION_JOB_OPTIONS } = await import("../../lib/jobs/provision-job");
const root = path.resolve(import.meta.dirname, "../..");
const stackRoot = stack.root;

type BareResult = {
  startLag: number[];
  finishedAt: number[];
  failed: number;
  /** In-process `process.cpuUsage`, first job → last job (printed beside, for comparison). */
  cpuMs: number;
  /** In-process CPU from the moment half the jobs were done to the last: the warm process. */
  secondHalfCpuMs: number;
  secondHalfJobs: number;
  /** /proc of the process, ready → last job: how the pipeline worker's CPU is read. */
  procCpuMs: number;
  /** The same window by thread (bench-cpu.ts `threadCpu`), as the pipeline run prints it. */
  threads: ThreadCpu;
  rssMb: number;
};

function spawnBare(args: string[]): { child: ChildProcess; ready: Promise<void>; result: Promise<BareResult> } {
  // The pipeline worker's node heap setting and environment (scripts/lib/worker-build.mjs), so
  // both pay for garbage collection under the same limits; only the loader differs (tsx here).
  // BENCH_BARE_NODE_ARGS: extra node flags for the bare worker only, e.g. a heap setting tried on
  // the pipeline worker with BENCH_WORKER_NODE_ARGS, so both can be measured under it.
  const extraNodeArgs = (process.env.BENCH_BARE_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(
    process.execPath,
    [...extraNodeArgs, ...WORKER_NODE_ARGS.slice(0, -1), "--import", "tsx", "scripts/bench/bare-worker.ts", ...args],
    { cwd: root, env: { ...process.env, ...WORKER_ENV }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  let atReady: number | undefined;
  let procCpuMs = NaN;
  let threadsAtReady: ThreadCpu | undefined;
  let threads: ThreadCpu | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  const procCpu = () => cpuSnapshot(stackRoot, child.pid).worker;
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString("utf8");
    if (atReady === undefined && out.includes("bare worker ready")) {
      atReady = procCpu();
      threadsAtReady = threadCpu(child.pid!);
      markReady();
    }
    if (
      Number.isNaN(procCpuMs) &&
      out.includes("BARE_RESULT ") &&
      out.slice(out.indexOf("BARE_RESULT ")).includes("\n")
    ) {
      procCpuMs = procCpu() - (atReady ?? 0);
      threads = threadCpuDelta(threadsAtReady ?? threadCpu(-1), threadCpu(child.pid!));
      child.kill("SIGTERM");
    }
  });
  const result = new Promise<BareResult>((resolve, reject) =>
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BARE_RESULT "));
      if (!line) reject(new Error(`bare worker exited with ${code} and no result:\n${out.slice(-2000)}`));
      else
        resolve({
          ...(JSON.parse(line.slice("BARE_RESULT ".length)) as BareResult),
          procCpuMs,
          threads: threads ?? threadCpu(-1),
        });
    }),
  );
  return { child, ready, result };
}

function jobs(count: number) {
  return Array.from({ length: count }, () => {
    const orderId = randomUUID();
    return { name: PROVISION_JOB, data: { orderId }, opts: { ...PROVISION_JOB_OPTIONS, jobId: `${orderId}-v1` } };
  });
}

/** Steady rate over the middle of the run (10th to 90th percentile of finishes), as the pipeline's. */
function steadyRate(finishedAt: number[]): number {
  const f = sortNumbers(finishedAt);
  const lo = percentile(f, 10),
    hi = percentile(f, 90);
  return f.filter((x) => x >= lo && x <= hi).length / ((hi - lo) / 1000);
}

/** The bare step's CPU per job by thread, beside the pipeline run's same rows. */
function threadRows(t: ThreadCpu, at: string) {
  return [
    { metric: `bare step, main thread CPU per job (${at})`, measured: t.main / N, unit: "ms" },
    { metric: `bare step, other threads (JIT, GC helpers) (${at})`, measured: t.otherThreads / N, unit: "ms" },
    { metric: `bare step, system time per job (${at})`, measured: t.system / N, unit: "ms" },
    { metric: `bare step, minor page faults per job (${at})`, measured: t.minorFaults / N, unit: "" },
  ];
}

async function backlogRun(mode: "wait" | "step", latency: number) {
  const name = `bench-bare-${mode}-${randomUUID().slice(0, 8)}`;
  const queue = new Queue(name, { connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }) });
  await queue.setGlobalConcurrency(C); // as the pipeline worker sets on its queues
  for (let i = 0; i < N; i += 500) await queue.addBulk(jobs(Math.min(500, N - i)));
  const bare = spawnBare([mode, name, String(C), RATE_LIMIT, String(N), String(latency), String(K)]);
  const r = await bare.result;
  await queue.close();
  return r;
}

async function steadyRun() {
  const name = `bench-bare-steady-${randomUUID().slice(0, 8)}`;
  const queue = new Queue(name, { connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }) });
  await queue.setGlobalConcurrency(C);
  const count = 100 * S;
  const warm = Math.round(100 * latencyWarmupSeconds());
  const bare = spawnBare(["wait", name, String(C), RATE_LIMIT, String(warm + count), "5"]);
  await bare.ready;
  const start = performance.now();
  const adds: Promise<unknown>[] = [];
  // The warm-up's jobs say so in their data; the bare worker does not time them.
  const all = [...jobs(warm).map((j) => ({ ...j, data: { ...j.data, warm: true } })), ...jobs(count)];
  for (const [i, job] of all.entries()) {
    const wait = start + i * 10 - performance.now();
    if (wait > 1) await sleep(wait);
    adds.push(queue.add(job.name, job.data, job.opts));
  }
  await Promise.all(adds);
  const r = await bare.result;
  await queue.close();
  return r;
}

async function run(): Promise<BenchRow[]> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(
    "CREATE TABLE IF NOT EXISTS bench_step (id uuid PRIMARY KEY, status text NOT NULL, n int NOT NULL DEFAULT 0, finished_at timestamptz)",
  );
  await db.end();

  console.log(`bare BullMQ: ${N} jobs, C=${C}, L=${L} ms`);
  const engine = await backlogRun("wait", L);
  console.log(
    `bare pipeline step: ${N} jobs, C=${C}, L=0, ${K.toFixed(3)} pg round trips and 1 upstream request per job`,
  );
  const step0 = await backlogRun("step", 0);
  let stepL: BareResult | undefined;
  if (L > 0) {
    await qboxLatency(L);
    console.log(`bare pipeline step: ${N} jobs, C=${C}, L=${L} ms`);
    stepL = await backlogRun("step", L);
  }
  console.log(`bare BullMQ at a steady 100 jobs/s for ${S} s, L=5 ms`);
  const steady = await steadyRun();
  const lag = sortNumbers(steady.startLag);
  const failed = engine.failed + step0.failed + (stepL?.failed ?? 0) + steady.failed;
  return [
    {
      key: `bare.bullmq.L${L}.rate`,
      metric: `bare BullMQ, steady (L=${L} ms, C=${C})`,
      measured: steadyRate(engine.finishedAt),
      unit: "jobs/s",
    },
    {
      key: `bare.bullmq.L${L}.cpu`,
      metric: "bare BullMQ, worker CPU per job",
      measured: engine.procCpuMs / N,
      unit: "ms",
    },
    {
      key: "bare.step.L0.rate",
      metric: `bare step, steady (L=0, C=${C}, K=${K.toFixed(2)})`,
      measured: steadyRate(step0.finishedAt),
      unit: "jobs/s",
    },
    { key: "bare.step.pgRoundTrips", metric: "bare step, Postgres round trips per job", measured: K, unit: "" },
    { key: "bare.step.httpRequests", metric: "bare step, upstream HTTP requests per job", measured: 1, unit: "" },
    {
      key: "bare.step.L0.cpu",
      metric: "bare step, worker CPU per job (L=0)",
      measured: step0.procCpuMs / N,
      unit: "ms",
    },
    {
      metric: "bare step, the same in-process (first → last job)",
      measured: step0.cpuMs / N,
      unit: "ms",
    },
    ...threadRows(step0.threads, "L=0"),
    {
      key: "bare.step.L0.cpuWarm",
      metric: "bare step, CPU per job, second half (L=0)",
      measured: step0.secondHalfCpuMs / step0.secondHalfJobs,
      unit: "ms",
    },
    ...(stepL
      ? [
          {
            key: `bare.step.L${L}.rate`,
            metric: `bare step, steady (L=${L} ms)`,
            measured: steadyRate(stepL.finishedAt),
            unit: "jobs/s",
          },
          {
            key: `bare.step.L${L}.cpu`,
            metric: `bare step, worker CPU per job (L=${L} ms)`,
            measured: stepL.procCpuMs / N,
            unit: "ms",
          },
          { metric: "bare step, the same in-process (first → last job)", measured: stepL.cpuMs / N, unit: "ms" },
          ...threadRows(stepL.threads, `L=${L} ms`),
          {
            key: `bare.step.L${L}.cpuWarm`,
            metric: `bare step, CPU per job, second half (L=${L} ms)`,
            measured: stepL.secondHalfCpuMs / stepL.secondHalfJobs,
            unit: "ms",
          },
        ]
      : []),
    {
      key: "bare.bullmq.startLag.p50",
      metric: "bare BullMQ enqueue→start at 100/s, median",
      measured: percentile(lag, 50),
      unit: "ms",
    },
    {
      key: "bare.bullmq.startLag.p99",
      metric: "bare BullMQ enqueue→start at 100/s, p99",
      measured: percentile(lag, 99),
      unit: "ms",
    },
    { key: "bare.bullmq.rss", metric: "bare BullMQ worker RSS at the end", measured: engine.rssMb, unit: "MB" },
    { metric: "baseline jobs that failed", measured: failed, unit: "" },
  ];
}

try {
  report("Baselines: bare BullMQ and the bare pipeline step", await run());
} finally {
  await stack.stop();
}
process.exit(0);
