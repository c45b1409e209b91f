// BullMQ queue counts for the health page, the banner and the process probes. A read-only
// connection of our own that fails fast: a health page must say "Redis unreachable", never hang.
// No guard here (the page's guard is in lib/health/queue-health.ts): the worker's probes and
// metrics import this file, and it must not pull the web's session code (next-auth, next) into
// the worker. It lives in lib/jobs, beside the queues it counts, so lib/metrics can use it
// without importing lib/health (docs/maintenance.md "Folder layering").

import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { connectionErrorText } from "@/lib/connection-errors";
import { env } from "@/lib/env";
import { PROVISION_QUEUES } from "@/lib/jobs/provision-job";

export type QueueHealth =
  | {
      name: string;
      ok: true;
      waiting: number;
      active: number;
      delayed: number;
      oldestWaitingAgeMs: number | null;
    }
  | { name: string; ok: false; error: string };

const TIMEOUT_MS = 1_500;
declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var healthQueues: { connection: Redis; queues: Queue[] } | undefined;
}
const g = globalThis;

function queues(): Queue[] {
  if (!g.healthQueues) {
    const connection = new Redis(env().REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    connection.on("error", () => {
      /* shown on the page as "unreachable" */
    });
    g.healthQueues = {
      connection,
      queues: Object.values(PROVISION_QUEUES).map((name) => new Queue(name, { connection })),
    };
  }
  return g.healthQueues.queues;
}

async function oneQueue(q: Queue, now: number): Promise<QueueHealth> {
  // "prioritized" jobs are waiting too, in BullMQ's own list.
  // No "failed": provision jobs are removed when they fail (PROVISION_JOB_OPTIONS), so it is always 0.
  const counts = await q.getJobCounts("wait", "prioritized", "active", "delayed");
  const [oldest] = await q.getJobs(["wait", "prioritized"], 0, 0, true);
  return {
    name: q.name,
    ok: true,
    waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    oldestWaitingAgeMs: oldest ? Math.max(0, now - oldest.timestamp) : null,
  };
}

/**
 * The same counts for the process's own probes (readiness, metrics), which have no person
 * behind them and answer under their own access rules (docs/operations.md).
 */
export async function queueHealthForProbes(): Promise<QueueHealth[]> {
  const now = Date.now();
  return Promise.all(
    queues().map(async (q) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          oneQueue(q, now),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error("timed out")), TIMEOUT_MS);
          }),
        ]);
      } catch (err) {
        // Fixed words: this answer reaches the public readiness check (lib/connection-errors.ts).
        return { name: q.name, ok: false as const, error: `Redis unreachable (${connectionErrorText(err)})` };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/**
 * Jobs waiting in all queues, and nothing else: what the banner on every support page needs. One
 * count script per queue, where the health page's figures also fetch each queue's oldest job
 * (about 11 Redis commands per queue, on every support page before). A queue that does not answer
 * in time counts as 0: the banner then still warns from Postgres's queued orders.
 */
export async function waitingJobCount(): Promise<number> {
  const counts = await Promise.all(
    queues().map(async (q) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const c = await Promise.race([
          q.getJobCounts("wait", "prioritized"),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error("timed out")), TIMEOUT_MS);
          }),
        ]);
        return (c.wait ?? 0) + (c.prioritized ?? 0);
      } catch {
        return 0;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export async function closeHealthQueues(): Promise<void> {
  const h = g.healthQueues;
  g.healthQueues = undefined;
  if (!h) return;
  await Promise.allSettled(h.queues.map((q) => q.close()));
  h.connection.disconnect();
}
