// What a provisioning run needs from its process: identity, upstream calls, retry settings, a
// way to ring the doorbell for a retry, and a registry of attempts in flight (for shutdown).
import type { Context } from "@opentelemetry/api";
import type { Actor } from "@/lib/audit/record-audit";
import type { AttemptKind } from "@/lib/generated/prisma/enums";
import type { EnqueueOptions, EnqueueTarget } from "@/lib/jobs/enqueue-order";
import type { UpstreamCalls } from "@/lib/services/upstream-calls";

export type InFlightAttempt = { orderId: string; attemptId: string; version: number; kind: AttemptKind };

export type ProvisionContext = {
  workerId: string;
  calls: UpstreamCalls;
  settings: {
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    /** Wait before looking up a maybe-applied create (lib/orders/timing.ts). */
    unknownLookupDelayMs: number;
    /** One overall deadline for every upstream request of an attempt (lib/orders/timing.ts). */
    attemptDeadlineMs: number;
    /** How long an accepted Qboxmail deletion may stay listed before the order is held (24 h). */
    queuedDeletionMaxMs?: number;
  };
  enqueue: (order: EnqueueTarget, opts?: EnqueueOptions) => Promise<boolean>;
  inFlight: Map<string, InFlightAttempt>;
  /**
   * The job's span, handed down by hand (the worker has no active span: lib/tracing/setup.ts):
   * the parent of the attempt's spans, the trace of its log lines and of the jobs it enqueues.
   */
  trace?: Context;
};

export function workerActor(ctx: Pick<ProvisionContext, "workerId">): Actor {
  return { type: "worker", id: ctx.workerId, label: "provisioning worker" };
}
