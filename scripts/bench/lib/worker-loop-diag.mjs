// Preloaded into the benchmark's worker by BENCH_DIAG=1 runs of pipeline-throughput.ts and commit-latency.ts
// (`node --import`): how late the worker's event loop ran (perf_hooks.monitorEventLoopDelay, 1 ms
// resolution), how busy it was, and its garbage-collection pauses by kind, from SIGUSR2 (sent
// when the drain starts) until the worker exits. Written as JSON to
// $BENCH_LOOP_DIAG_DIR/loop-<pid>.json, with the dated stalls and pauses (lib/loop-timeline.mjs)
// that commit-latency.ts puts beside its slowest orders. Diagnostics only: the worker itself knows nothing of it.
import fs from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";
import { recordLoopTimeline } from "./loop-timeline.mjs";

const delay = monitorEventLoopDelay({ resolution: 1 });
// The dated stalls and pauses, for the latency benchmark's attribution of its slowest orders.
const timeline = recordLoopTimeline();
delay.enable();
const KINDS = {
  1: "scavenge",
  2: "minor mark-compact",
  4: "mark-compact",
  8: "incremental marking",
  16: "weak callbacks",
};
let gc = new Map();
let eluAtStart = performance.eventLoopUtilization();
let startedAt = performance.now();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = KINDS[e.detail?.kind] ?? String(e.detail?.kind);
    const g = gc.get(kind) ?? { count: 0, totalMs: 0, maxMs: 0 };
    g.count++;
    g.totalMs += e.duration;
    g.maxMs = Math.max(g.maxMs, e.duration);
    gc.set(kind, g);
  }
}).observe({ entryTypes: ["gc"] });
process.on("SIGUSR2", () => {
  delay.reset();
  timeline.reset();
  gc = new Map();
  eluAtStart = performance.eventLoopUtilization();
  startedAt = performance.now();
});
process.on("exit", () => {
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const out = {
    seconds: (performance.now() - startedAt) / 1000,
    loopDelayMs: {
      mean: ms(delay.mean),
      p50: ms(delay.percentile(50)),
      p90: ms(delay.percentile(90)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
    },
    loopUtilization: performance.eventLoopUtilization(eluAtStart).utilization,
    gc: Object.fromEntries(gc),
    events: timeline.events,
  };
  fs.writeFileSync(
    path.join(process.env.BENCH_LOOP_DIAG_DIR ?? "/tmp", `loop-${process.pid}.json`),
    JSON.stringify(out),
  );
});
