// Support's actions on one order: retry now, cancel, mark resolved by hand. Each goes
// through the state machine (lib/orders/state-machine.ts) with the version the person's page
// showed, so a page that is out of date cannot act on an order that has moved on, and each
// writes its audit event (actor, reason, before/after) in the same transaction.

import { assertStaff, userActor, type Viewer } from "@/lib/auth/session";
import { db, Prisma, sqlRows } from "@/lib/db";
import type { OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { enqueueOrder } from "@/lib/jobs/enqueue-order";
import { isOpenChangeConflict, OrderNotFoundError, StaleOrderError } from "@/lib/orders/errors";
import { reopenedTargetLocked, reopeningGuard } from "@/lib/orders/reopening-guard";
import { RetirementConflict } from "@/lib/orders/server-retirement";
import { canTransition, type TransitionPatch, transition } from "@/lib/orders/state-machine";
import type { OrderActionInput } from "./action-schemas";
import { cancelRefusal } from "./cancel-check";

/** A refusal with text written for the person who clicked. */
export class SupportActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SupportActionError";
  }
}

const staleMessage = (status: string) => said("changedSinceOpened", { status });

// Statuses from which a person may declare the order done: never while a worker is on it.
const RESOLVABLE: readonly OrderStatus[] = ["failed", "unknown", "held"];

export function canRetry(status: OrderStatus): boolean {
  return canTransition(status, "queued") && status !== "pending";
}
export function canCancel(status: OrderStatus): boolean {
  return canTransition(status, "cancelled");
}
/** A person declares the order done with the upstream reference they found. */
export function canResolve(status: OrderStatus): boolean {
  return RESOLVABLE.includes(status) && canTransition(status, "succeeded");
}

export type Step = {
  to: OrderStatus;
  allowed: (s: OrderStatus) => boolean;
  verb: string;
  patch?: TransitionPatch;
  details?: Record<string, string | number | boolean | null>;
};
export type Done = { orderId: string; provider: Provider; status: OrderStatus; version: number };

export async function personStep(viewer: Viewer, input: OrderActionInput, step: Step): Promise<Done> {
  assertStaff(viewer);
  const { orderId, expectedVersion, reason, reasonVisible } = input;
  try {
    return await db().$transaction(async (tx) => {
      const order = await tx.order.findUnique({
        where: { id: orderId },
        select: { status: true, version: true, provider: true },
      });
      if (!order) throw new OrderNotFoundError();
      if (order.version !== expectedVersion) throw new SupportActionError(staleMessage(order.status));
      if (!step.allowed(order.status))
        throw new SupportActionError(said("stepNotAllowed", { status: order.status, step: step.verb }));
      // A failed order sent again is open again: a grommunio server delete and a domain order
      // bound for that server must not both be open (lib/orders/server-retirement.ts).
      const reopening = order.status === "failed" && step.to === "queued";
      if (reopening) await reopeningGuard((s) => tx.$queryRaw(s), orderId);
      const version = await transition(tx, {
        orderId,
        from: order.status,
        to: step.to,
        expectedVersion,
        reason,
        patch: step.patch,
        // Read by the reseller's timeline: support's words are internal unless ticked visible.
        details: { ...step.details, by: "support", reasonVisible: reasonVisible === true },
        actor: userActor(viewer),
      });
      // Its service asked again with the row locked, after the step: a mark gone or re-create of
      // it is either seen here or sees this order open (lib/orders/reopening-guard.ts).
      if (reopening) await reopenedTargetLocked((s) => tx.$queryRaw(s), orderId);
      return { orderId, provider: order.provider, status: step.to, version };
    });
  } catch (err) {
    if (err instanceof RetirementConflict) throw new SupportActionError(err.message);
    if (isOpenChangeConflict(err)) throw new SupportActionError(await openChangeSkip(orderId));
    // Lost a race between our read and the guarded update: say where the order is now.
    if (err instanceof StaleOrderError) {
      const now = await db().order.findUnique({ where: { id: orderId }, select: { status: true } });
      throw new SupportActionError(staleMessage(now?.status ?? "gone"));
    }
    throw err;
  }
}

/**
 * Why a change, suspension or deletion of a service cannot be retried now: another order of the
 * same service is open (one at a time), named so the person can wait for it or cancel it.
 */
export async function openChangeSkip(orderId: string): Promise<string> {
  const [open] = await sqlRows<{ id: string }>(Prisma.sql`
    SELECT o.id FROM "order" o JOIN "order" me ON me.service_id = o.service_id
    WHERE me.id = ${orderId}::uuid AND o.id <> me.id
      AND o.status IN ('pending', 'queued', 'provisioning', 'retrying', 'unknown', 'held') LIMIT 1`);
  return said("retryChangeOpen", { order: open?.id ?? "?" });
}

export async function retryOrderNow(viewer: Viewer, input: OrderActionInput): Promise<Done> {
  const done = await personStep(viewer, input, {
    to: "queued",
    allowed: canRetry,
    verb: "retried",
    patch: { nextAttemptAt: null },
  });
  // After the commit (docs/design.md invariant 1); if Redis is away the relay enqueues it later.
  await enqueueOrder({ id: done.orderId, provider: done.provider, version: done.version });
  return done;
}

/** What a person's action checks at the provider before it is taken (cancel, mark resolved). */
export const UPSTREAM_CHECK_FIELDS = {
  id: true,
  provider: true,
  kind: true,
  action: true,
  status: true,
  version: true,
  naturalKey: true,
  upstreamRef: true,
  payload: true,
} as const;

/**
 * An order whose call may have reached the provider is checked there first
 * (lib/support/cancel-check.ts): one whose resource may exist there, or whose change may have
 * applied, is not cancelled. The cancel is guarded by the version the page showed, so an order
 * that moved on meanwhile (a person's step, a worker's) is refused as changed, not cancelled.
 */
export async function cancelOrder(viewer: Viewer, input: OrderActionInput): Promise<Done> {
  assertStaff(viewer);
  const order = await db().order.findUnique({
    where: { id: input.orderId },
    select: { ...UPSTREAM_CHECK_FIELDS, createSent: true, service: { select: { upstreamRef: true } } },
  });
  // Not found, stale and not-cancellable are reported by personStep with its own wording.
  if (order && order.version === input.expectedVersion && canCancel(order.status)) {
    const refusal = await cancelRefusal(order);
    if (refusal) throw new SupportActionError(refusal);
  }
  return personStep(viewer, input, {
    to: "cancelled",
    allowed: canCancel,
    verb: "cancelled",
    patch: { nextAttemptAt: null },
  });
}

// "Mark resolved" verifies upstream first: lib/support/resolve-order.ts.
