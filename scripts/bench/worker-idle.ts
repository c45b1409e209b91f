// Diagnostic: what one worker costs while there is nothing to do — CPU of the worker, Postgres
// and Redis, and the Postgres transactions and Redis commands it issues per second (relay passes,
// heartbeats, BullMQ's own loops). A polling loop on the hot path would show here.
// The idle RSS is read once the worker has been idle for SETTLE_SECONDS: start-up grows V8's young
// generation to its cap, and only V8's memory reducer, a few seconds into the idleness, gives it
// back (docs/benchmarks/worker.md "Idle RSS: read after V8's memory reducer"). The figure of the first
// seconds, before it ran, is printed beside.
// Prints figures; asserts nothing.   Run: npx tsx scripts/bench/worker-idle.ts [seconds=10]

import fs from "node:fs";
import { cpuDelta, cpuSnapshot } from "./lib/bench-cpu";
import { report, rssMb, sampleRss, sleep } from "./lib/bench-kit";
import { benchStack, serverCounters, startBenchWorker } from "./lib/bench-stack";

const SECONDS = Number(process.argv[2] ?? 10);
// From "worker started": V8's memory reducer ran at 16–17 s in the runs traced (--trace-gc),
// two "Mark-Compact (reduce)" rounds that shrank the young generation from 32 MB to 1 MB.
const SETTLE_SECONDS = 30;
// Before the reducer's first possible round (8 s after start-up's last full GC).
const EARLY_SECONDS = 8;
const SAMPLE_MS = 500;

const stack = await benchStack();
const { disconnectDb } = await import("../../lib/db");

try {
  // The health port (any free one) serves /metrics: V8's heap spaces, to say what the RSS is made of.
  const worker = await startBenchWorker({ WORKER_HEALTH_PORT: "0" });
  const startedAt = Date.now();
  const rssOverTime = sampleRss(worker.child.pid!, SAMPLE_MS);
  await sleep(3_000); // let start-up work (first relay pass, first heartbeat) pass
  const cpu0 = cpuSnapshot(stack.root, worker.child.pid);
  const c0 = await serverCounters();
  await sleep(SECONDS * 1000);
  const cpu = cpuDelta(cpu0, cpuSnapshot(stack.root, worker.child.pid));
  await sleep(1_000); // Postgres publishes its statistics up to a second late
  const c1 = await serverCounters();
  await sleep(Math.max(0, startedAt + SETTLE_SECONDS * 1000 - Date.now()));
  const rss = rssMb(worker.child.pid!) ?? NaN;
  const early = Math.max(...rssOverTime.samples.slice(0, (EARLY_SECONDS * 1000) / SAMPLE_MS));
  const status = fs.readFileSync(`/proc/${worker.child.pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  console.log(
    `RSS from "worker started", every ${SAMPLE_MS / 1000} s (MB): ${rssOverTime
      .stop()
      .map((m) => m.toFixed(0))
      .join(" ")}`,
  );
  console.log(
    `at the end: anonymous ${kb("RssAnon").toFixed(1)} MB, file ${kb("RssFile").toFixed(1)} MB, shared memory ${kb("RssShmem").toFixed(1)} MB`,
  );
  const port = /"worker health port listening".*?"port":(\d+)/.exec(worker.output())?.[1];
  const scrape = port ? await (await fetch(`http://127.0.0.1:${port}/metrics`)).text() : "";
  const spaces = [...scrape.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\d+)/gm)]
    .map(([, space, bytes]) => `${space} ${(Number(bytes) / 1048576).toFixed(1)}`)
    .join(", ");
  console.log(`V8 heap spaces, committed MB: ${spaces || "not scraped"}`);
  await worker.stop();
  const perSecond = (ms: number) => (ms / SECONDS / 1000) * 100;
  report(`Idle worker over ${SECONDS} s`, [
    { metric: "worker CPU", measured: perSecond(cpu.worker), unit: "% of a core" },
    { metric: "Postgres CPU", measured: perSecond(cpu.postgres), unit: "% of a core" },
    { metric: "Redis CPU", measured: perSecond(cpu.redis), unit: "% of a core" },
    // Includes this script's own two counter reads.
    { metric: "Postgres transactions per second", measured: (c1.pgXacts - c0.pgXacts) / (SECONDS + 1), unit: "/s" },
    {
      metric: "Redis commands per second (incl. inside Lua)",
      measured: (c1.redisCommands - c0.redisCommands) / (SECONDS + 1),
      unit: "/s",
    },
    { metric: `worker RSS, first ${EARLY_SECONDS} s after start, max`, measured: early, unit: "MB" },
    {
      key: "worker.rssIdle",
      metric: `worker RSS, idle (${SETTLE_SECONDS} s after start)`,
      measured: rss,
      unit: "MB",
      budget: 250,
      kind: "max",
    },
  ]);
} finally {
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
