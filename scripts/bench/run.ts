// `npm run bench`: runs the pipeline benchmarks one after another, each in its own process with
// its own Postgres, Redis and simulators (so one run's data and memory never colour the next),
// then prints one summary table against the budgets of docs/design.md#budgets. Figures only: the exit code
// is 0 whatever the figures are, and non-zero only when a benchmark itself crashed.
//   npm run bench                 all three
//   npm run bench -- throughput   only the named ones (throughput, latency, placing, idle)
// Separate: scripts/bench/support-orders.ts (order lists at 1,000,000 orders) and
// scripts/bench/db-call-cost.ts (CPU per database call, Prisma vs pg).
import { spawn } from "node:child_process";
import path from "node:path";
import { type BenchRow, formatTable, loadNote, parseResultLines } from "./lib/bench-kit";

const root = path.resolve(import.meta.dirname, "../..");
const BENCHES: Record<string, string[]> = {
  throughput: ["scripts/bench/pipeline-throughput.ts", "3000", "200", "50"],
  latency: ["scripts/bench/commit-latency.ts", "100", "20", "5"],
  placing: ["scripts/bench/place-orders.ts", "3000", "20,50"],
  idle: ["scripts/bench/worker-idle.ts", "10"],
};

function runOne(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // node with tsx as a loader: one process, so its figures are not shared with a wrapper.
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: root,
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

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
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
  const { code, output } = await runOne(BENCHES[name]!);
  if (code !== 0) {
    crashed = true;
    console.error(`benchmark ${name} exited with ${code}`);
  }
  for (const r of parseResultLines(output)) all.push(...r.rows);
}
console.log(`\n=== Summary (${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${loadNote()})`);
console.log(formatTable(all.filter((r) => r.budget !== undefined)));
process.exit(crashed ? 1 : 0);
