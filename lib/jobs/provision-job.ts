// The one job contract between producers (web, relay, worker retries) and the provisioning
// workers (docs/design.md#conventions). A job carries the order id and, optionally, the W3C
// traceparent of whoever enqueued it (below), nothing else: Postgres is the truth and Redis a
// doorbell (docs/design.md invariant 1), so nothing in Redis is ever worth stealing.
import { z } from "zod";
import type { Provider } from "@/lib/generated/prisma/enums";

export const PROVISION_QUEUES = {
  grommunio: "provision-grommunio",
  qboxmail: "provision-qboxmail",
} as const satisfies Record<Provider, string>;

export const PROVISION_JOB = "order.provision";

// traceparent: the W3C trace context of whoever enqueued (docs/observability.md), so the worker's
// spans continue the placing request's trace. Ids and flags only: nothing secret, nothing personal.
export const provisionJobSchema = z
  .object({
    orderId: z.uuid(),
    traceparent: z
      .string()
      .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
      .optional(),
  })
  .strict();
export type ProvisionJob = z.infer<typeof provisionJobSchema>;

/**
 * One job per order version: re-adding while that job still waits is a no-op (BullMQ dedupes
 * by id), and every state change yields a new id so a re-drive is never swallowed by an old,
 * stalled job. BullMQ forbids ":" in custom ids.
 */
export function provisionJobId(orderId: string, version: number): string {
  return `${orderId}-v${version}`;
}

/** The order version a job was enqueued for, read back from its id; undefined for another id. */
export function jobVersionOf(jobId: string | undefined): number | undefined {
  const m = jobId ? /-v(\d+)$/.exec(jobId) : null;
  return m ? Number(m[1]) : undefined;
}

// Completed and failed jobs are removed at once: the attempt rows hold the history, and a kept
// job would make a later re-add with the same id a silent no-op.
export const PROVISION_JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true, attempts: 1 } as const;
