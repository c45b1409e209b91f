// Bulk retry of selected failed, held or retrying orders (after an outage, or once the provider's
// credentials are fixed: docs/operations.md). Each order is its own transaction through the
// state machine, so one order that moved on does not undo the others; the person gets the list
// of what was retried and what was skipped, and why. A skip's reason is a said() sentence, so
// the form shows it in the person's language (docs/i18n.md "Sentences from lib/").

import { assertStaff, userActor, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { UserFacingError } from "@/lib/forms/user-facing-error";
import { said } from "@/lib/i18n/sentences";
import { type EnqueueTarget, enqueueOrders } from "@/lib/jobs/enqueue-order";
import { log } from "@/lib/log";
import { isOpenChangeConflict, StaleOrderError } from "@/lib/orders/errors";
import { reopenedTargetLocked, reopeningGuard } from "@/lib/orders/reopening-guard";
import { RetirementConflict } from "@/lib/orders/server-retirement";
import { transition } from "@/lib/orders/state-machine";
import { canRetry, openChangeSkip } from "./order-actions";

export type BulkRetryResult = {
  retried: string[];
  /** label: the order's display name, when the order exists. */
  skipped: Array<{ orderId: string; label?: string; why: string }>;
};

type Input = { items: Array<{ orderId: string; expectedVersion: number }>; reason: string; reasonVisible?: boolean };
type One = { target: EnqueueTarget } | { skip: string; label?: string };

export async function bulkRetry(viewer: Viewer, input: Input): Promise<BulkRetryResult> {
  assertStaff(viewer);
  const actor = userActor(viewer);
  const result: BulkRetryResult = { retried: [], skipped: [] };
  const toEnqueue: EnqueueTarget[] = [];
  const seen = new Set<string>();
  // Whatever happens to a later order, those already retried (committed) are enqueued.
  try {
    for (const { orderId, expectedVersion } of input.items) {
      if (seen.has(orderId)) continue;
      seen.add(orderId);
      const done = await retryOne(orderId, expectedVersion, actor, input);
      if ("skip" in done)
        result.skipped.push({ orderId, ...(done.label ? { label: done.label } : {}), why: done.skip });
      else {
        result.retried.push(orderId);
        toEnqueue.push(done.target);
      }
    }
  } finally {
    await enqueueOrders(toEnqueue);
  }
  return result;
}

/** One order back to queued in its own transaction, or why it was skipped. */
async function retryOne(
  orderId: string,
  expectedVersion: number,
  actor: ReturnType<typeof userActor>,
  input: Input,
): Promise<One> {
  // The order's name, once read, for a refusal thrown out of the transaction.
  let label: string | undefined;
  try {
    return await db().$transaction(async (tx): Promise<One> => {
      const o = await tx.order.findUnique({
        where: { id: orderId },
        select: { status: true, version: true, provider: true, displayName: true },
      });
      if (!o) return { skip: said("bulkSkipNotFound") };
      label = o.displayName;
      if (o.version !== expectedVersion)
        return { skip: said("bulkSkipChanged", { status: o.status }), label: o.displayName };
      if (!canRetry(o.status))
        return { skip: said("bulkSkipNotRetryable", { status: o.status }), label: o.displayName };
      // A failed order is open again: the rule between a server delete and domains bound for it
      // (server-retirement.ts). A held one is still open.
      if (o.status === "failed")
        try {
          await reopeningGuard((s) => tx.$queryRaw(s), orderId);
        } catch (err) {
          if (err instanceof RetirementConflict) return { skip: err.message, label: o.displayName };
          throw err;
        }
      const version = await transition(tx, {
        orderId,
        from: o.status,
        to: "queued",
        expectedVersion,
        actor,
        reason: input.reason,
        patch: { nextAttemptAt: null },
        details: { bulk: true, by: "support", reasonVisible: input.reasonVisible === true },
      });
      // Its service asked again with the row locked, after the step (as retryOrderNow does): a
      // refusal here rolls the step back and is the skip's reason (caught below).
      if (o.status === "failed") await reopenedTargetLocked((s) => tx.$queryRaw(s), orderId);
      return { target: { id: orderId, provider: o.provider, version } };
    });
  } catch (err) {
    if (err instanceof RetirementConflict) return { skip: err.message, ...(label ? { label } : {}) };
    // Another order of the same service is open (one at a time): named, so it can be waited for.
    if (isOpenChangeConflict(err)) return { skip: await openChangeSkip(orderId) };
    if (err instanceof StaleOrderError) return { skip: said("bulkSkipChangedWhileRetrying") };
    // A refusal written for a person says its own reason.
    if (err instanceof UserFacingError) return { skip: err.message, ...(label ? { label } : {}) };
    // Anything else (a lock or the pool waited past the transaction's time, a lost connection)
    // is this order's skip, not the end of the list: the others are still tried, and the person
    // reads which ones went through. Logged with the order and the stack, for a fault of ours.
    log.error("bulk retry: one order's step failed", {
      orderId,
      error: err instanceof Error ? `${err.name}: ${err.stack ?? err.message}` : String(err),
    });
    return { skip: said("bulkSkipStepFailed"), ...(label ? { label } : {}) };
  }
}
