// The worker process (`npm run worker`): one BullMQ Worker per provider queue, each with its own
// concurrency and rate limit so a slow upstream cannot starve the other; the dispatch relay; and
// heartbeats. Safe to run as many replicas as wanted: Postgres decides who owns an order. The
// per-provider concurrency is GLOBAL (BullMQ global concurrency, kept in Redis): the provisioning
// jobs of the whole installation stay within it, however many workers run (grommunio serves 4
// requests at a time; other reads of the providers are outside this limit: docs/operations.md).
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { disconnectDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { Provider } from "@/lib/generated/prisma/enums";
import { closeProducer, enqueueOrder, enqueueOrders, withoutWaitingJobs } from "@/lib/jobs/enqueue-order";
import { jobVersionOf, PROVISION_QUEUES } from "@/lib/jobs/provision-job";
import { log, setLogContext } from "@/lib/log";
import { recordRelayDispatches } from "@/lib/metrics/record";
import { metrics } from "@/lib/metrics/registry";
import { relayOnce } from "@/lib/orders/relay";
import { pipelineTiming } from "@/lib/orders/timing";
import { runDriftCheck } from "@/lib/services/drift";
import { sweepServicesOnce } from "@/lib/services/sweep";
import { upstreamCallsFromEnv } from "@/lib/services/upstream-calls";
import { initTracing, shutdownTracing } from "@/lib/tracing/setup";
import { every, startHeartbeat } from "./heartbeat";
import { instrumentCalls } from "./instrumented-calls";
import { type OpsServer, startOpsServer } from "./ops-server";
import type { ProvisionContext } from "./processors/context";
import { handleProvisionJob } from "./provision-job-handler";
import { releaseInFlight } from "./release-in-flight";
import { startWebhookDelivery } from "./webhooks";

const e = env();
const timing = pipelineTiming(e);
const workerId = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
setLogContext({ workerId });
initTracing("portal-worker", [], { asyncContext: false });
metrics();

const ctx: ProvisionContext = {
  workerId,
  calls: instrumentCalls(upstreamCallsFromEnv()),
  settings: {
    maxAttempts: e.MAX_ATTEMPTS,
    retryBaseMs: e.RETRY_BASE_MS,
    retryMaxMs: e.RETRY_MAX_MS,
    unknownLookupDelayMs: timing.lookupDelayMs,
    attemptDeadlineMs: timing.attemptDeadlineMs,
    queuedDeletionMaxMs: e.QUEUED_DELETION_MAX_MS,
  },
  enqueue: enqueueOrder,
  inFlight: new Map(),
};

const tuning: Record<Provider, { concurrency: number; perSecond: number }> = {
  grommunio: { concurrency: e.GROMMUNIO_CONCURRENCY, perSecond: e.GROMMUNIO_RATE_PER_SECOND },
  qboxmail: { concurrency: e.QBOXMAIL_CONCURRENCY, perSecond: e.QBOXMAIL_RATE_PER_SECOND },
};

// Global concurrency lives in Redis. Set before this worker takes its first job (a Redis that is
// down only delays it), and again now and then, so a Redis that lost its data or a changed
// setting is corrected without a restart.
const controlConnection = new Redis(e.REDIS_URL, { maxRetriesPerRequest: null });
async function setGlobalConcurrency(): Promise<void> {
  for (const provider of Object.keys(PROVISION_QUEUES) as Provider[]) {
    const queue = new Queue(PROVISION_QUEUES[provider], { connection: controlConnection });
    queue.on("error", () => undefined);
    await queue.setGlobalConcurrency(tuning[provider].concurrency).finally(() => queue.close());
  }
}
await Promise.race([
  setGlobalConcurrency(),
  new Promise((_, reject) => setTimeout(() => reject(new Error("Redis did not answer within 3 s")), 3_000)),
]).catch((err) => log.warn("global concurrency not set yet; retried every 30 s", { error: String(err) }));
const globalLimits = every(30_000, "global concurrency", setGlobalConcurrency);

// The health port before any job is taken: a port in use (a new worker started beside the old
// one on the same machine) stops this process at start, before it holds jobs that would then be
// left to the relay and counted as abandoned attempts (docs/observability.md "Rolling restarts").
let stopping = false;
let ops: OpsServer | undefined;
if (e.WORKER_HEALTH_PORT !== undefined)
  ops = await startOpsServer({ host: e.WORKER_HEALTH_HOST, port: e.WORKER_HEALTH_PORT, stopping: () => stopping });

const connections: Redis[] = [];
const workers = (Object.keys(PROVISION_QUEUES) as Provider[]).map((provider) => {
  const connection = new Redis(e.REDIS_URL, { maxRetriesPerRequest: null });
  connections.push(connection);
  const worker = new Worker(
    PROVISION_QUEUES[provider],
    async (job) => {
      await handleProvisionJob(provider, job.data, ctx, jobVersionOf(job.id));
    },
    {
      connection,
      concurrency: tuning[provider].concurrency,
      limiter: { max: tuning[provider].perSecond, duration: 1_000 },
      // A killed worker's jobs hold global concurrency slots until BullMQ sees them stalled:
      // notice that within seconds, not the default half minute (the relay re-drives the order).
      lockDuration: 10_000,
      stalledInterval: 5_000,
    },
  );
  worker.on("failed", (job, err) =>
    log.error("provisioning job failed", { queue: PROVISION_QUEUES[provider], jobId: job?.id, error: err.message }),
  );
  worker.on("error", (err) =>
    log.warn("queue connection error", { queue: PROVISION_QUEUES[provider], error: err.message }),
  );
  return worker;
});
log.info("taking jobs", { queues: Object.values(PROVISION_QUEUES) });

const heartbeat = startHeartbeat({
  workerId,
  queues: Object.values(PROVISION_QUEUES),
  intervalMs: e.WORKER_HEARTBEAT_MS,
  inFlight: () => [...ctx.inFlight.keys()],
});
const relay = every(e.RELAY_INTERVAL_MS, "relay", async () => {
  const r = await relayOnce({
    enqueue: (orders, delayMs) => enqueueOrders(orders, { delayMs }),
    withoutWaitingJobs,
    ...timing,
  });
  recordRelayDispatches("due", r.dispatched);
  recordRelayDispatches("recovered", r.recovered);
  recordRelayDispatches("promoted", r.promoted);
});
// Activation re-checks and periodic reads of services: a small batch every half minute.
const sweep = every(30_000, "service sweep", () => sweepServicesOnce(workerId));
// The drift check: at most one run per DRIFT_EVERY_MS across all workers (a run claims its slot).
const DRIFT_EVERY_MS = 10 * 60_000;
const drift = every(60_000, "drift check", () => runDriftCheck({ minIntervalMs: DRIFT_EVERY_MS }));
const webhooks = startWebhookDelivery(e);

/** How long a forced close of the queue workers may take before the process goes on to exit. */
const FORCED_CLOSE_WAIT_MS = 1_000;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("worker stopping", { signal, inFlight: ctx.inFlight.size });
  // Stop taking jobs at once, and stop the loops alongside; all of it within the grace, so that
  // an orchestrator's kill timeout (docker: 10 s) finds the in-flight attempts already released
  // (docs/observability.md "Rolling restarts"). A loop cut short is safe: each pass only claims
  // rows for a while and the next worker's pass takes them up.
  const grace = new Promise<false>((r) => setTimeout(() => r(false), e.WORKER_SHUTDOWN_GRACE_MS));
  const closed = Promise.all(workers.map((w) => w.close()));
  const loops = Promise.all([relay.stop(), sweep.stop(), drift.stop(), webhooks.stop(), globalLimits.stop()]);
  const finished = await Promise.race([closed.then(() => true), grace]);
  if (!finished) {
    await releaseInFlight(ctx);
    // A forced close is asked for, but not waited out: BullMQ answers a close(true) made while a
    // close() is pending with that same pending close, which waits for the jobs in flight, and an
    // upstream call can take UPSTREAM_TIMEOUT_MS more. Their attempts are released above, so the
    // process may end now; closing the connections below cuts what is left, and an orchestrator's
    // kill timeout is not reached.
    const forced = Promise.all(workers.map((w) => w.close(true))).catch(() => undefined);
    await Promise.race([forced, new Promise((r) => setTimeout(r, FORCED_CLOSE_WAIT_MS))]);
  }
  await Promise.race([loops, grace]);
  await heartbeat.stop();
  await closeProducer();
  for (const c of connections) c.disconnect();
  controlConnection.disconnect();
  await ops?.close();
  await shutdownTracing();
  await disconnectDb();
  log.info("worker stopped", { signal });
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
// Last, so that whoever waits for this line may send SIGTERM at once and reach shutdown().
log.info("worker started", { queues: tuning });
