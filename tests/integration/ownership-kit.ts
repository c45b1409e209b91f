// Drives provisioning runs in-process, one at a time, against the real database and the
// simulators over HTTP, so the ownership scenarios can stop between runs and change the world
// (another client creates the name, a fault is armed) exactly where the scenario needs it.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { upstreamCallsFromEnv } from "@/lib/services/upstream-calls";
import type { ProvisionContext } from "@/workers/processors/context";
import { type ProvisionResult, provisionOrder } from "@/workers/processors/provision-order";
import { type forms, place, type Tenant } from "./pipeline-fixtures";

export function inProcessContext(settings: Partial<ProvisionContext["settings"]> = {}): ProvisionContext {
  return {
    workerId: `in-test-${randomUUID().slice(0, 8)}`,
    calls: upstreamCallsFromEnv({ timeoutMs: 1_500 }),
    settings: {
      maxAttempts: 5,
      retryBaseMs: 10,
      retryMaxMs: 20,
      unknownLookupDelayMs: 0,
      attemptDeadlineMs: 6_000,
      ...settings,
    },
    // Runs are driven by hand here; the relay and real workers are tested elsewhere.
    enqueue: async () => true,
    inFlight: new Map(),
  };
}

/**
 * One run as a worker would do it, the order made due first (its backoff skipped): with the job
 * id's order version, as every job carries, so the one-statement claim is what runs.
 */
export async function runNow(orderId: string, ctx: ProvisionContext): Promise<ProvisionResult> {
  const { version } = await db().order.update({
    where: { id: orderId },
    data: { nextAttemptAt: null },
    select: { version: true },
  });
  return provisionOrder(orderId, ctx, version);
}

/**
 * One run when the order is due, as a worker's delayed job would come: after its backoff, and
 * after the wait before looking up a create that may still land (`unknownLookupDelayMs`).
 */
export async function runWhenDue(orderId: string, ctx: ProvisionContext): Promise<ProvisionResult> {
  const { version, nextAttemptAt } = await orderRow(orderId);
  const wait = (nextAttemptAt?.getTime() ?? 0) - Date.now();
  if (wait > 10_000) throw new Error(`order ${orderId} is not due for ${wait} ms`);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  return provisionOrder(orderId, ctx, version);
}

export async function placeOrThrow(t: Tenant, kind: keyof typeof forms, form: unknown): Promise<string> {
  const r = await place(t, kind, form);
  if (!r.ok) throw new Error(`not placed: ${JSON.stringify(r)}`);
  return r.orderId;
}

export const orderRow = (id: string) => db().order.findUniqueOrThrow({ where: { id } });

export const attemptsOf = (id: string) => db().attempt.findMany({ where: { orderId: id }, orderBy: { number: "asc" } });
