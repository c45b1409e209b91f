// Webhook delivery in the worker process (docs/webhooks.md): a dispatcher that claims due
// outbox rows every WEBHOOK_POLL_MS and a BullMQ Worker on its own queue that sends them, so
// slow receivers never hold up provisioning. The job carries the delivery id and its claim only.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import type { Env } from "@/lib/env";
import { log } from "@/lib/log";
import {
  claimDueDeliveries,
  type DeliveryJob,
  type DeliverySettings,
  deliverOne,
  WEBHOOK_QUEUE,
} from "@/lib/webhooks/deliver";
import { EndpointSlots, perEndpointCap } from "@/lib/webhooks/endpoint-slots";
import { every } from "./heartbeat";

const jobSchema = z.object({ deliveryId: z.uuid(), lease: z.iso.datetime() }).strict();

export function startWebhookDelivery(e: Env): { stop: () => Promise<void> } {
  const settings: DeliverySettings = {
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
    retryForMs: e.WEBHOOK_RETRY_FOR_MS,
    disableAfterMs: e.WEBHOOK_DISABLE_AFTER_MS,
    allowPrivate: e.WEBHOOK_ALLOW_PRIVATE_TARGETS,
  };
  const connection = new Redis(e.REDIS_URL, { maxRetriesPerRequest: null });
  const producer = new Redis(e.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  producer.on("error", () => {
    /* a failed add leaves the claim to expire; the next claim re-sends */
  });
  const queue = new Queue<DeliveryJob>(WEBHOOK_QUEUE, { connection: producer });
  queue.on("error", () => undefined);
  const perEndpoint = perEndpointCap(e.WEBHOOK_CONCURRENCY);
  const slots = new EndpointSlots(perEndpoint, e.WEBHOOK_CONCURRENCY);
  const worker = new Worker<DeliveryJob>(
    WEBHOOK_QUEUE,
    async (job) => {
      const outcome = await deliverOne(jobSchema.parse(job.data), settings, slots);
      log.debug("webhook delivery", { deliveryId: job.data.deliveryId, outcome });
    },
    { connection, concurrency: e.WEBHOOK_CONCURRENCY },
  );
  worker.on("failed", (job, err) =>
    log.error("webhook job failed", { queue: WEBHOOK_QUEUE, jobId: job?.id, error: err.message }),
  );
  worker.on("error", (err) => log.warn("queue connection error", { queue: WEBHOOK_QUEUE, error: err.message }));

  const dispatcher = every(e.WEBHOOK_POLL_MS, "webhook dispatcher", async () => {
    const jobs = await claimDueDeliveries(settings, 200, perEndpoint, slots.atCap());
    if (jobs.length === 0) return;
    // One job id per claim: a re-claim after a lost worker is a new job, never swallowed by the old one.
    await queue.addBulk(
      jobs.map((j) => ({
        name: "webhook.deliver",
        data: j,
        opts: {
          jobId: `${j.deliveryId}-${Date.parse(j.lease)}`,
          removeOnComplete: true,
          removeOnFail: true,
          attempts: 1,
        },
      })),
    );
  });

  return {
    stop: async () => {
      slots.closing = true;
      await dispatcher.stop();
      await worker.close();
      await queue.close();
      connection.disconnect();
      producer.disconnect();
    },
  };
}
