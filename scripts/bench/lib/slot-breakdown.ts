// What one job's slot is made of at C and L (BENCH_DIAG=1 runs of pipeline-throughput.ts;
// docs/benchmarks/worker.md "What a job's time is made of at C = 50, L = 200 ms"), from timestamps
// the stack keeps anyway, so
// the worker carries no instrumentation: the job's `active` and `completed` events (Redis's clock,
// from the queue's event stream), the attempt's `started_at` (the claim's transaction start),
// `finished_at` (the outcome's transaction start) and `duration_ms` (the upstream call). Same host,
// so the clocks agree to well within the milliseconds shown. Figures only.
import { percentile, sortNumbers } from "./bench-kit";

/** Listens to `queue`'s events from now on: per order, when its job became active and completed. */
export async function listenToSlots(queue: string) {
  const { QueueEvents } = await import("bullmq");
  const events = new QueueEvents(queue, { connection: { url: process.env.REDIS_URL }, lastEventId: `${Date.now()}-0` });
  await events.waitUntilReady();
  const active = new Map<string, number>();
  const completed = new Map<string, number>();
  const remember = (into: Map<string, number>) => (args: { jobId: string }, id: string) => {
    into.set(args.jobId.replace(/-v\d+$/, ""), Number(id.split("-")[0]));
  };
  events.on("active", remember(active));
  events.on("completed", remember(completed));
  return { active, completed, close: () => events.close() };
}

/** Prints the slot's four parts over the steady middle (10th–90th percentile of completions). */
export async function printSlotBreakdown(
  from: Date,
  slots: { active: Map<string, number>; completed: Map<string, number> },
): Promise<void> {
  const { sqlRows, Prisma } = await import("@/lib/db");
  const rows = await sqlRows<{ order_id: string; started: Date; finished: Date; duration: number }>(Prisma.sql`
    SELECT a.order_id, a.started_at AS started, a.finished_at AS finished, a.duration_ms AS duration
    FROM attempt a JOIN "order" o ON o.id = a.order_id
    WHERE o.created_at >= ${from} AND o.attempt_count = 1 AND a.finished_at IS NOT NULL AND a.duration_ms IS NOT NULL`);
  const jobs = rows.flatMap((r) => {
    const active = slots.active.get(r.order_id);
    const done = slots.completed.get(r.order_id);
    if (active === undefined || done === undefined) return [];
    const started = new Date(r.started).getTime();
    const finished = new Date(r.finished).getTime();
    return [
      {
        done,
        slot: done - active,
        pickup: started - active,
        around: finished - started - r.duration,
        upstream: r.duration,
        outcome: done - finished,
      },
    ];
  });
  if (!jobs.length) return;
  const ends = sortNumbers(jobs.map((j) => j.done));
  const lo = percentile(ends, 10);
  const hi = percentile(ends, 90);
  const steady = jobs.filter((j) => j.done >= lo && j.done <= hi);
  const parts = {
    pickup: "job active → claim's transaction starts (BullMQ hand-over, our entry)",
    around: "claim statement and commit + bookkeeping around the call",
    upstream: "upstream call (attempt duration)",
    outcome: "outcome statement and commit + BullMQ moveToFinished",
    slot: "whole slot (active → completed)",
  } as const;
  console.log(`\nA job's slot, steady middle (${steady.length} jobs, BENCH_DIAG), ms: mean / p50 / p90 / p99`);
  for (const [key, label] of Object.entries(parts) as [keyof typeof parts, string][]) {
    const v = sortNumbers(steady.map((j) => j[key]));
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    console.log(
      `  ${label.padEnd(72)} ${mean.toFixed(1).padStart(6)} ${percentile(v, 50).toFixed(0).padStart(5)} ${percentile(v, 90).toFixed(0).padStart(5)} ${percentile(v, 99).toFixed(0).padStart(5)}`,
    );
  }
}
