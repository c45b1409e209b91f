// What a worker does with one provisioning job: parse it (the queue is not trusted to carry what
// the producer meant), continue the trace the producer started, run the order and count the
// result (docs/observability.md). main.ts hands every job of a provider queue to this.
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVISION_QUEUES, provisionJobSchema } from "@/lib/jobs/provision-job";
import { recordJob } from "@/lib/metrics/record";
import { inSpan, remoteParent, SpanKind } from "@/lib/tracing/spans";
import type { ProvisionContext } from "./processors/context";
import { type ProvisionResult, provisionOrder } from "./processors/provision-order";

export async function handleProvisionJob(
  provider: Provider,
  data: unknown,
  ctx: ProvisionContext,
  /** The order version the job was enqueued for (its id says so): a stale job does nothing. */
  jobVersion?: number,
): Promise<ProvisionResult> {
  const { orderId, traceparent } = provisionJobSchema.parse(data);
  // The job's span is passed down in the context by hand, not made active (lib/tracing/spans.ts).
  return inSpan(
    remoteParent(traceparent),
    `job ${PROVISION_QUEUES[provider]}`,
    { "messaging.system": "bullmq", "messaging.destination.name": PROVISION_QUEUES[provider], "order.id": orderId },
    async (span, trace) => {
      try {
        const result = await provisionOrder(orderId, { ...ctx, trace }, jobVersion);
        span.setAttribute("job.result", result);
        recordJob(provider, result);
        return result;
      } catch (err) {
        recordJob(provider, "error");
        throw err;
      }
    },
    SpanKind.CONSUMER,
  );
}
