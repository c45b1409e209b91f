// The baseline worker of scripts/bench/baselines.ts, in its own process so its CPU and memory are
// its own: one BullMQ Worker with the pipeline's Worker options (concurrency, rate limiter) on the
// same Redis, whose processor does only the unavoidable work (docs/benchmarks.md):
//   wait  waits L ms (the simulated upstream latency): the bare engine;
//   step  makes the pipeline's upstream call (a Qboxmail domain create on the simulator, which
//         adds L) and K Postgres round trips with plain `pg`, no ORM: the bare pipeline step.
//         K may be fractional (the mix's average): job j makes floor((j+1)·K) − floor(j·K).
// After `expected` jobs it prints one BARE_RESULT line (per-job times, CPU, RSS), closes, and
// stays alive until the parent stops it: the parent reads this process's CPU from /proc when the
// line arrives, the same reader and the same window (ready → last job) as the pipeline worker's.
//   Args: <wait|step> <queue> <concurrency> <ratePerSecond> <expected> [latencyMs] [pgRoundTrips]
import { randomUUID } from "node:crypto";
import http from "node:http";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";

const [mode, queue, c, rate, expected, latency = "0", roundTrips = "2"] = process.argv.slice(2);
if ((mode !== "wait" && mode !== "step") || !queue || !c || !rate || !expected) {
  console.error("usage: bare-worker.ts <wait|step> <queue> <concurrency> <ratePerSecond> <expected> [L] [K]");
  process.exit(2);
}
const L = Number(latency);
const K = Number(roundTrips);
const N = Number(expected);

const pool = mode === "step" ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) : undefined;
const qbox = `${process.env.QBOXMAIL_API_URL!.replace(/\/+$/, "").replace(/\/api$/, "")}/api/domains`;

let jobsStarted = 0;

/** k autocommit statements shaped like the pipeline's: claim, (a read,) finish. */
async function pgRoundTrips(id: string, k: number): Promise<void> {
  await pool!.query("INSERT INTO bench_step (id, status) VALUES ($1, 'provisioning')", [id]);
  for (let i = 1; i < k - 1; i++) await pool!.query("UPDATE bench_step SET n = n + 1 WHERE id = $1", [id]);
  if (k > 1) await pool!.query("UPDATE bench_step SET status = 'succeeded', finished_at = now() WHERE id = $1", [id]);
}

// The same client the pipeline uses since it left `fetch` (lib/upstream/http.ts): node:http over a
// keep-alive agent, so the baseline prices the cheapest call, not a heavier one.
const agent = new http.Agent({ keepAlive: true });

function upstreamCall(id: string): Promise<void> {
  const body = JSON.stringify({
    name: `bare-${id}.example.com`,
    postmaster_password: "Bench-Pw-4821",
    postmaster_password_confirmation: "Bench-Pw-4821",
    plan: "professional",
  });
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "x-api-token": process.env.QBOXMAIL_API_TOKEN!,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(qbox, { method: "POST", headers, agent }, (res) => {
      res.setEncoding("utf8");
      res.on("data", () => undefined);
      res.on("error", reject);
      res.on("end", () =>
        (res.statusCode ?? 0) >= 300 ? reject(new Error(`simulator answered ${res.statusCode}`)) : resolve(),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const startLag: number[] = [];
const finishedAt: number[] = [];
let cpuAtFirst: NodeJS.CpuUsage | undefined;
// From the moment half the jobs are done: the warm process, as the pipeline run prints it too.
let cpuAtHalf: NodeJS.CpuUsage | undefined;
const HALF = Math.floor(Number(expected) / 2);
let failed = 0;

const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const worker = new Worker(
  queue,
  async (job) => {
    cpuAtFirst ??= process.cpuUsage();
    if (!job.data.warm) startLag.push(Date.now() - job.timestamp);
    if (mode === "wait") await new Promise((r) => setTimeout(r, L));
    else {
      const id = randomUUID();
      const j = jobsStarted++;
      await upstreamCall(id);
      await pgRoundTrips(id, Math.floor((j + 1) * K) - Math.floor(j * K));
    }
  },
  // The pipeline worker's options (workers/main.ts), so the engine does the same work per job.
  {
    connection,
    concurrency: Number(c),
    limiter: { max: Number(rate), duration: 1_000 },
    lockDuration: 10_000,
    stalledInterval: 5_000,
  },
);

let done = false;
const settle = async () => {
  if (done || finishedAt.length + failed < N) return;
  done = true;
  const cpu = process.cpuUsage(cpuAtFirst);
  const warm = process.cpuUsage(cpuAtHalf);
  const secondHalfCpuMs = (warm.user + warm.system) / 1000;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `BARE_RESULT ${JSON.stringify({ startLag, finishedAt, failed, cpuMs: (cpu.user + cpu.system) / 1000, secondHalfCpuMs, secondHalfJobs: N - HALF, rssMb })}`,
  );
  await worker.close();
  connection.disconnect();
  await pool?.end();
  setInterval(() => undefined, 60_000); // until the parent's SIGTERM
};
process.on("SIGTERM", () => process.exit(0));
worker.on("completed", () => {
  finishedAt.push(Date.now());
  if (finishedAt.length === HALF) cpuAtHalf = process.cpuUsage();
  void settle();
});
worker.on("failed", (_job, err) => {
  failed++;
  console.error(`bare job failed: ${err.message}`);
  void settle();
});
await worker.waitUntilReady();
console.log("bare worker ready");
