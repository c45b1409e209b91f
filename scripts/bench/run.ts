// `npm run bench`: runs the pipeline benchmarks and their baselines one after another, each in its
// own process with its own Postgres, Redis and simulators (so one run's data and memory never
// colour the next), then prints ONE headline table: each figure, the baseline measured in this
// same run, their ratio and the bar (docs/benchmarks.md), followed by the figures with absolute
// budgets. Figures only: the exit code is 0 whatever the figures are, and non-zero only when a
// benchmark itself crashed.
//   npm run bench                      all of them (about 13 minutes on a quiet 2-core machine)
//   npm run bench -- --quick           the same with small counts, for a reviewer (2-3 minutes)
//   npm run bench -- throughput idle   only the named ones
// Separate: scripts/bench/support-orders.ts (order lists at 1,000,000 orders) and
// scripts/bench/db-call-cost.ts (CPU per database call, Prisma vs pg).
import { spawn } from "node:child_process";
import path from "node:path";
import { type BenchRow, formatTable, loadNote, parseResultLines } from "./lib/bench-kit";
import { ratioTable } from "./ratios";

const root = path.resolve(import.meta.dirname, "../..");
const L = 200;
const args = process.argv.slice(2);
const quick = args.includes("--quick");
// Full counts are the setting (3,000 orders, C = 50); quick ones keep every figure but
// with a fifth of the work, so the ratios are rougher.
const n = quick ? "600" : "3000";
// More workers drain faster: the scaling runs need a longer backlog for a steady middle.
const scaleN = quick ? "1500" : "6000";
const LATENCY_SECONDS = "60";
const BENCHES: Record<string, string[]> = {
  // The bare step's round trips per job default to the mixed run's per order (bench-mix.ts).
  // The latency runs (bare and pipeline) time 60 s: a 20 s window missed what an installation meets
  // every few thousand orders (docs/benchmarks/latency.md "The latency run times 60 s").
  baselines: ["scripts/bench/baselines.ts", n, String(L), "50", quick ? "5" : LATENCY_SECONDS],
  throughput: ["scripts/bench/pipeline-throughput.ts", n, String(L), "50"],
  "throughput-l0": ["scripts/bench/pipeline-throughput.ts", n, "0", "50"],
  // The four order kinds in turn: the headline worker CPU per order.
  mixed: ["scripts/bench/pipeline-throughput.ts", n, String(L), "50", "--mixed"],
  "mixed-l0": ["scripts/bench/pipeline-throughput.ts", n, "0", "50", "--mixed"],
  latency: ["scripts/bench/commit-latency.ts", "100", quick ? "5" : LATENCY_SECONDS, "5"],
  placing: ["scripts/bench/place-orders.ts", n, "20,50"],
  idle: ["scripts/bench/worker-idle.ts", quick ? "5" : "10"],
  "http-placing": ["scripts/bench/http-placing.ts", n, "50"],
  pages: ["scripts/bench/http-pages.ts", quick ? "200000" : "1000000", "10000", quick ? "20" : "40"],
  // Scaling: each worker process takes C = 50 at once, the global limit is lifted (C × workers).
  "scaling-1": ["scripts/bench/pipeline-throughput.ts", scaleN, String(L), "50", "1"],
  "scaling-2": ["scripts/bench/pipeline-throughput.ts", scaleN, String(L), "50", "2"],
  "scaling-3": ["scripts/bench/pipeline-throughput.ts", scaleN, String(L), "50", "3"],
};

// The settled history (scripts/bench/lib/bench-seed.ts seedHistory) takes about 30 s to seed per
// run: the latency run gets it (its 60 s would otherwise cross autovacuum's thresholds on every
// hot table at once), the seven throughput runs keep their young database unless BENCH_HISTORY
// is set, which would add 3 to 4 minutes (docs/benchmarks.md "The latency run's database").
const HISTORY: Record<string, string> = {
  latency: process.env.BENCH_HISTORY ?? (quick ? "50000" : "200000"),
  default: process.env.BENCH_HISTORY ?? "0",
};

function runOne(name: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // node with tsx as a loader: one process, so its figures are not shared with a wrapper.
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: root,
      env: {
        ...process.env,
        BENCH_HISTORY: HISTORY[name] ?? HISTORY.default,
        // The latency runs' untimed warm-up at their rate, bare and pipeline alike (bench-kit.ts).
        BENCH_LATENCY_WARMUP_SECONDS: process.env.BENCH_LATENCY_WARMUP_SECONDS ?? (quick ? "3" : "10"),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    let pending = "";
    // Echo whole lines, minus the machine-readable result lines collected for the summary.
    const echo = (text: string) => {
      for (const l of text.split("\n")) if (!l.startsWith("BENCH_RESULT ")) console.log(l);
    };
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString("utf8");
      const lines = (pending + d.toString("utf8")).split("\n");
      pending = lines.pop()!;
      echo(lines.join("\n"));
    });
    child.on("exit", (code) => {
      if (pending) echo(pending);
      resolve({ code, output });
    });
  });
}

const named = args.filter((a) => a !== "--quick");
const wanted = named.length ? named : Object.keys(BENCHES);
const unknown = wanted.filter((w) => !BENCHES[w]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; choose from ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}

const all: BenchRow[] = [];
let crashed = false;
const started = Date.now();
for (const name of wanted) {
  console.log(`\n### ${name}: ${BENCHES[name]!.join(" ")}  (load average ${loadNote()})`);
  const { code, output } = await runOne(name, BENCHES[name]!);
  if (code !== 0) {
    crashed = true;
    console.error(`benchmark ${name} exited with ${code}`);
  }
  for (const r of parseResultLines(output)) all.push(...r.rows);
}
console.log(`\n=== Summary (${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${loadNote()})`);
console.log("\nRatios to the baselines of this run (docs/benchmarks.md):");
console.log(ratioTable(all, L));
console.log("\nFigures with absolute budgets (docs/design.md#budgets):");
console.log(formatTable(all.filter((r) => r.budget !== undefined)));
process.exit(crashed ? 1 : 0);
