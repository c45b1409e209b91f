// When a process's event loop stood still, and which garbage collections paused it, as a list of
// dated events (epoch milliseconds) for the latency benchmark's attribution (docs/benchmarks/latency.md
// "Attributing the latency tail"). A 5 ms interval timer notes every gap of STALL_MS or more
// beyond its period; the GC observer notes every pause of GC_MS or more. Diagnostics only.
import { PerformanceObserver, performance } from "node:perf_hooks";

const PERIOD_MS = 5;
const STALL_MS = 15;
const GC_MS = 4;
const GC_KINDS = {
  1: "scavenge",
  2: "minor mark-compact",
  4: "mark-compact",
  8: "incremental marking",
  16: "weak callbacks",
};

/** Starts recording; `events` fills as it goes; `stop()` ends the timer and the observer. */
export function recordLoopTimeline() {
  /** @type {{ at: number; ms: number; kind: string }[]} */
  const events = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - PERIOD_MS;
    if (late >= STALL_MS) events.push({ at: performance.timeOrigin + last + PERIOD_MS, ms: late, kind: "loop stall" });
    last = now;
  }, PERIOD_MS);
  timer.unref();
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.duration >= GC_MS)
        events.push({
          at: performance.timeOrigin + e.startTime,
          ms: e.duration,
          kind: `GC ${GC_KINDS[e.detail?.kind] ?? e.detail?.kind}`,
        });
  });
  gc.observe({ entryTypes: ["gc"] });
  return {
    events,
    /** Forgets what was recorded so far (the warm-up). */
    reset: () => {
      events.length = 0;
    },
    stop: () => {
      clearInterval(timer);
      gc.disconnect();
    },
  };
}
