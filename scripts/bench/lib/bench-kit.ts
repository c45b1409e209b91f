// Small, dependency-free helpers shared by the benchmark scripts (scripts/bench/*): percentiles,
// the result table, a machine-readable result line for scripts/bench/run.ts, the machine's load,
// and an RSS sampler for a child process. Benchmarks print figures; they never assert on time.
import fs from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";

export type BenchRow = {
  /** Stable name scripts/bench/ratios.ts looks figures up by (e.g. "pipeline.L200.rate"). */
  key?: string;
  metric: string;
  measured: number;
  unit: string;
  /** The budget (docs/design.md#budgets); undefined for figures printed for context only. */
  budget?: number;
  /** "min": measured must be at least the budget; "max": at most. */
  kind?: "min" | "max";
};

/** Nearest-rank percentile of an already sorted list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function sortNumbers(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function verdict(r: BenchRow): string {
  if (r.budget === undefined || !r.kind) return "";
  if (!Number.isFinite(r.measured)) return "n/a";
  const ok = r.kind === "min" ? r.measured >= r.budget : r.measured <= r.budget;
  return ok ? "OK" : "over";
}

const fmt = (n: number) =>
  !Number.isFinite(n) ? "n/a" : n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);

export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.metric,
    `${fmt(r.measured)} ${r.unit}`,
    r.budget === undefined ? "" : `${r.kind === "min" ? "≥" : "≤"} ${fmt(r.budget)} ${r.unit}`,
    verdict(r),
  ]);
  const head = ["metric", "measured", "budget", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

const RESULT_PREFIX = "BENCH_RESULT ";

/** Prints the table, and one JSON line that scripts/bench/run.ts collects into its summary. */
export function report(title: string, rows: BenchRow[]): void {
  console.log(`\n== ${title}  (load average ${loadNote()})`);
  console.log(formatTable(rows));
  console.log(RESULT_PREFIX + JSON.stringify({ title, rows }));
}

export function parseResultLines(output: string): { title: string; rows: BenchRow[] }[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith(RESULT_PREFIX))
    .map((l) => JSON.parse(l.slice(RESULT_PREFIX.length)) as { title: string; rows: BenchRow[] });
}

/** 1/5/15-minute load averages and the core count: the machine is shared, figures drift with it. */
export function loadNote(): string {
  return `${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ")} on ${os.cpus().length} cores`;
}

/** VmRSS of a process in MB (Linux /proc), or undefined once it has exited. */
export function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the samples in order. */
export function sampleRss(pid: number, intervalMs = 1_000): { samples: number[]; stop: () => number[] } {
  const samples: number[] = [];
  const take = () => {
    const mb = rssMb(pid);
    if (mb !== undefined) samples.push(mb);
  };
  take();
  const timer = setInterval(take, intervalMs);
  const stop = () => {
    clearInterval(timer);
    take();
    return samples;
  };
  return { samples, stop };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Seconds of the latency runs' steady rate that are sent before the timed part and not counted,
 * in the pipeline's run and in the bare engine's alike: the bar judges a worker that has been
 * running, and a fresh process spends its first few hundred jobs compiling its hot code (with 100
 * warm-up orders the pipeline's slowest 1 % were all in the timed part's first 0.6 s:
 * docs/benchmarks/latency.md "The latency run's warm-up"). BENCH_LATENCY_WARMUP_SECONDS overrides it.
 */
export function latencyWarmupSeconds(): number {
  return Number(process.env.BENCH_LATENCY_WARMUP_SECONDS ?? 10);
}

/**
 * Runs each named call `rounds` times, interleaved (so a slow moment of the machine hits every
 * scenario alike), and prints each one's p50 and p95 in milliseconds.
 */
export async function timeScenarios(scenarios: Array<[string, () => Promise<unknown>]>, rounds: number): Promise<void> {
  const timings = new Map<string, number[]>();
  for (let i = 0; i < scenarios.length * rounds; i++) {
    const [name, call] = scenarios[i % scenarios.length]!;
    const t = performance.now();
    await call();
    timings.set(name, [...(timings.get(name) ?? []), performance.now() - t]);
  }
  const width = Math.max(...scenarios.map(([name]) => name.length)) + 2;
  console.log("scenario".padEnd(width), "n".padStart(4), "p50 ms".padStart(8), "p95 ms".padStart(8));
  for (const [name, xs] of timings) {
    const sorted = sortNumbers(xs);
    console.log(
      name.padEnd(width),
      String(xs.length).padStart(4),
      percentile(sorted, 50).toFixed(1).padStart(8),
      percentile(sorted, 95).toFixed(1).padStart(8),
    );
  }
}
