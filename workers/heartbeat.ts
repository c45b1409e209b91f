// Worker liveness rows (worker_heartbeat): support sees which workers run, and the relay treats
// an attempt whose worker went silent as abandoned (lib/orders/relay.ts). Times come from the
// database clock (now()), never the worker's, so the relay compares like with like. Each beat
// also lists the attempts in flight: a current attempt missing from a fresh beat was lost by a
// living worker (its own write failed) and is released within seconds.
import os from "node:os";
import { Prisma, sqlRows } from "@/lib/db";
import { log } from "@/lib/log";

export function startHeartbeat(opts: {
  workerId: string;
  queues: string[];
  intervalMs: number;
  inFlight: () => string[];
}): { stop: () => Promise<void> } {
  const beat = async () => {
    const ids = opts.inFlight();
    const startedAt = performance.now();
    try {
      // Plain pg, like every idle loop of the worker (docs/benchmarks/worker.md "Idle memory").
      await sqlRows(Prisma.sql`
        INSERT INTO worker_heartbeat (worker_id, host, pid, queues, started_at, last_seen, active, in_flight)
        VALUES (${opts.workerId}, ${os.hostname()}, ${process.pid}::int, ${opts.queues}::text[], now(), now(),
          ${ids.length}::int, ${ids}::uuid[])
        ON CONFLICT (worker_id) DO UPDATE SET last_seen = now(), active = EXCLUDED.active, in_flight = EXCLUDED.in_flight`);
    } catch (err) {
      log.warn("heartbeat failed", { error: (err as Error).message });
    }
    logPass("heartbeat", startedAt);
  };
  // The beat under way, if any: stop() waits for it, or its upsert could land after the delete
  // and leave the row of a worker that has stopped (the health page would count it as alive).
  let current = beat();
  const timer = setInterval(() => {
    current = beat();
  }, opts.intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await current;
      await sqlRows(Prisma.sql`DELETE FROM worker_heartbeat WHERE worker_id = ${opts.workerId}::text`).catch(
        () => undefined,
      );
    },
  };
}
/**
 * One debug line per pass of a periodic loop, stamped at its end with how long it took: with
 * LOG_LEVEL=debug the latency benchmark puts these passes beside its slowest orders
 * (docs/benchmarks/latency.md "Attributing the latency tail"). Once per pass: every second or two
 * per loop by default, so cheap.
 */
function logPass(loop: string, startedAt: number): void {
  log.debug("loop pass", { loop, ms: Math.round(performance.now() - startedAt) });
}

/** Runs `fn` every `intervalMs`, never overlapping itself; errors are logged, never fatal. */
export function every(intervalMs: number, name: string, fn: () => Promise<unknown>): { stop: () => Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const startedAt = performance.now();
    running = fn()
      .catch((err) => log.warn(`${name} failed`, { error: (err as Error).message }))
      .finally(() => {
        logPass(name, startedAt);
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
