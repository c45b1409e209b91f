// Worker liveness rows (worker_heartbeat): support sees which workers run, and the relay treats
// an attempt whose worker went silent as abandoned (lib/orders/relay.ts).
import os from "node:os";
import { db } from "@/lib/db";
import { log } from "@/lib/log";

export function startHeartbeat(opts: {
  workerId: string;
  queues: string[];
  intervalMs: number;
  active: () => number;
}): { stop: () => Promise<void> } {
  const startedAt = new Date();
  const beat = async () => {
    const now = new Date();
    try {
      await db().workerHeartbeat.upsert({
        where: { workerId: opts.workerId },
        create: {
          workerId: opts.workerId,
          host: os.hostname(),
          pid: process.pid,
          queues: opts.queues,
          startedAt,
          lastSeen: now,
          active: opts.active(),
        },
        update: { lastSeen: now, active: opts.active() },
        select: { workerId: true },
      });
    } catch (err) {
      log.warn("heartbeat failed", { error: (err as Error).message });
    }
  };
  void beat();
  const timer = setInterval(beat, opts.intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await db()
        .workerHeartbeat.deleteMany({ where: { workerId: opts.workerId } })
        .catch(() => undefined);
    },
  };
}

/** Runs `fn` every `intervalMs`, never overlapping itself; errors are logged, never fatal. */
export function every(intervalMs: number, name: string, fn: () => Promise<unknown>): { stop: () => Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = fn()
      .catch((err) => log.warn(`${name} failed`, { error: (err as Error).message }))
      .finally(() => {
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
