// Producer side of the provisioning queues. Producers fail fast: a request must not hang because
// Redis is away. A failed enqueue is not an error for the caller: the order is already committed
// and the relay (lib/orders/relay.ts) will enqueue it once Redis is back.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import type { Provider } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import { activeTraceparent } from "@/lib/tracing/spans";
import {
  PROVISION_JOB,
  PROVISION_JOB_OPTIONS,
  PROVISION_QUEUES,
  type ProvisionJob,
  provisionJobId,
} from "./provision-job";

const ENQUEUE_TIMEOUT_MS = 1_000;

type Producer = { connection: Redis; queues: Record<Provider, Queue<ProvisionJob>> };
declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var provisionProducer: Producer | undefined;
}
const globalForJobs = globalThis;

function producer(): Producer {
  if (!globalForJobs.provisionProducer) {
    const connection = new Redis(env().REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      // Keep reconnecting in the background, at most every 2 s, so enqueues resume by themselves.
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    connection.on("error", () => {
      /* reported per enqueue; avoid unhandled error events */
    });
    const make = (name: string) => {
      const queue = new Queue<ProvisionJob>(name, { connection });
      queue.on("error", () => {
        /* Redis away: enqueueOrders reports it and the relay catches up */
      });
      return queue;
    };
    globalForJobs.provisionProducer = {
      connection,
      queues: { grommunio: make(PROVISION_QUEUES.grommunio), qboxmail: make(PROVISION_QUEUES.qboxmail) },
    };
  }
  return globalForJobs.provisionProducer;
}

export type EnqueueTarget = { id: string; provider: Provider; version: number };
/**
 * `traceparent`: the trace the job continues; by default the active span's. The worker has no
 * active span (lib/tracing/setup.ts) and passes its job's by hand.
 */
export type EnqueueOptions = { delayMs?: number; traceparent?: string };

/** Returns true when the job is in Redis (or already was); false when Redis is unavailable. */
export async function enqueueOrder(order: EnqueueTarget, opts: EnqueueOptions = {}): Promise<boolean> {
  return enqueueOrders([order], opts);
}

export async function enqueueOrders(orders: EnqueueTarget[], opts: EnqueueOptions = {}): Promise<boolean> {
  if (orders.length === 0) return true;
  const { queues } = producer();
  const traceparent = opts.traceparent ?? activeTraceparent();
  const byProvider = new Map<Provider, EnqueueTarget[]>();
  for (const o of orders) byProvider.set(o.provider, [...(byProvider.get(o.provider) ?? []), o]);
  const adds = [...byProvider].map(([provider, list]) => {
    const jobs = list.map((o) => ({
      name: PROVISION_JOB,
      data: traceparent ? { orderId: o.id, traceparent } : { orderId: o.id },
      opts: {
        ...PROVISION_JOB_OPTIONS,
        jobId: provisionJobId(o.id, o.version),
        delay: opts.delayMs && opts.delayMs > 0 ? Math.round(opts.delayMs) : undefined,
      },
    }));
    // One job (every placement): `add` sends its script alone, where `addBulk` wraps it in a
    // MULTI/EXEC pipeline for 0.05–0.1 ms more CPU per call (docs/benchmarks/placing.md "Placing over
    // HTTP: one job added alone, the form parsed once"). Either way a job id already in Redis is not
    // added again.
    const [one] = jobs;
    return jobs.length === 1 && one
      ? queues[provider].add(one.name, one.data, one.opts)
      : queues[provider].addBulk(jobs);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(adds),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("enqueue timed out")), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
    return true;
  } catch (err) {
    for (const p of adds) p.catch(() => {});
    log.warn("enqueue failed; the relay will dispatch the orders", {
      orders: orders.map((o) => o.id),
      error: String((err as Error).message),
    });
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The orders whose job for their version is not in Redis (waiting, delayed or running). The relay
 * asks before it rings again: re-adding a job that still waits is a no-op for BullMQ but costs
 * its add script (about six Redis commands and an event each), and during a backlog the relay
 * re-rings the oldest hundred queued orders on every pass (docs/benchmarks.md). One EXISTS per
 * order, pipelined. When Redis cannot answer, every order is returned (the enqueue then reports).
 */
export async function withoutWaitingJobs(orders: EnqueueTarget[]): Promise<EnqueueTarget[]> {
  if (orders.length === 0) return orders;
  const { connection, queues } = producer();
  try {
    // The producer connects lazily, and without an offline queue a command sent while it still
    // connects fails at once: the relay's first pass in every worker would then ring all its
    // candidates again (and lock them), although their jobs wait.
    await connected(connection);
    const pipeline = connection.pipeline();
    for (const o of orders) pipeline.exists(queues[o.provider].toKey(provisionJobId(o.id, o.version)));
    const answers = await pipeline.exec();
    return orders.filter((_, i) => {
      const [err, exists] = answers?.[i] ?? [new Error("no answer"), 0];
      return err !== null || exists !== 1;
    });
  } catch {
    return orders;
  }
}

/** Resolves once the connection is ready; rejects when it is not within ENQUEUE_TIMEOUT_MS. */
function connected(connection: Redis): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      connection.off("ready", onReady);
      reject(new Error("Redis is not connected"));
    }, ENQUEUE_TIMEOUT_MS);
    connection.once("ready", onReady);
  });
}

/** Closes the producer connection (scripts, tests, worker shutdown). */
export async function closeProducer(): Promise<void> {
  const p = globalForJobs.provisionProducer;
  globalForJobs.provisionProducer = undefined;
  if (!p) return;
  await Promise.allSettled([p.queues.grommunio.close(), p.queues.qboxmail.close()]);
  p.connection.disconnect();
}
