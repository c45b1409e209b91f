// What a commit's wait for the WAL flush adds to one statement of a job's slot, at the pipeline's
// concurrency and rate (docs/benchmarks/latency.md "What an asynchronous outcome commit would buy"). C
// clients each update their own row of a scratch table, one autocommit statement at a time (as
// the claim and the outcome are), RATE statements a second in all on a fixed schedule (the
// pipeline at 240 orders/s sends about 500 such statements a second), in alternating rounds with `synchronous_commit` on and off (a
// second pool whose sessions set it off). Rounds alternate so that both see the same machine; the
// difference of the two is what an asynchronous commit would take off each such statement.
// Figures only.
//   Run: npx tsx scripts/bench/commit-flush-cost.ts [clients=50] [rate=500] [rounds=6] [roundSeconds=3]
import { performance } from "node:perf_hooks";
import pg from "pg";
import { startStack } from "../lib/stack";
import { percentile, sleep, sortNumbers } from "./lib/bench-kit";

const C = Number(process.argv[2] ?? 50);
const RATE = Number(process.argv[3] ?? 500);
const ROUNDS = Number(process.argv[4] ?? 6);
const ROUND_MS = Number(process.argv[5] ?? 3) * 1000;

const stack = await startStack();
const url = stack.env.DATABASE_URL!;
const durable = new pg.Pool({ connectionString: url, max: C });
const async = new pg.Pool({ connectionString: url, max: C, options: "-c synchronous_commit=off" });
for (const p of [durable, async]) p.on("error", () => undefined);

/** C clients updating their own rows, RATE a second in all, until `until`; returns each statement's time. */
async function round(pool: pg.Pool, until: number): Promise<number[]> {
  const times: number[] = [];
  const period = (C / RATE) * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: C }, async (_, i) => {
      for (let k = 0; ; k++) {
        const due = start + (i / C) * period + k * period;
        if (due >= until) break;
        if (due > performance.now()) await sleep(due - performance.now());
        const t = performance.now();
        await pool.query("UPDATE bench_flush SET n = n + 1, at = now() WHERE id = $1", [i]);
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}

try {
  await durable.query("CREATE TABLE bench_flush (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0, at timestamptz)");
  await durable.query("INSERT INTO bench_flush (id) SELECT g FROM generate_series(0, $1::int - 1) g", [C]);
  await round(durable, performance.now() + 1000); // connections open, plans cached
  await round(async, performance.now() + 1000);
  const all = { on: [] as number[], off: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const mode = r % 2 ? "off" : "on";
    all[mode].push(...(await round(mode === "on" ? durable : async, performance.now() + ROUND_MS)));
    await sleep(200);
  }
  const line = (name: string, t: number[]) => {
    const s = sortNumbers(t);
    return `${name}: ${s.length} statements, ms p50 ${percentile(s, 50).toFixed(2)}, p90 ${percentile(s, 90).toFixed(2)}, p99 ${percentile(s, 99).toFixed(2)}, mean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(2)}`;
  };
  console.log(
    `${C} clients, ${RATE} statements/s, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s; load ${(
      await import("node:os")
    )
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")}`,
  );
  console.log(line("synchronous_commit on ", all.on));
  console.log(line("synchronous_commit off", all.off));
} finally {
  await durable.end();
  await async.end();
  await stack.stop();
}
process.exit(0);
