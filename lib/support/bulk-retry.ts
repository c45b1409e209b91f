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
/** `stepFailed`: the step failed for a reason of the portal's own (a lost connection, a wait past the transaction's time). */
type One = { target: EnqueueTarget } | { skip: string; label?: string; stepFailed?: true };

/**
 * After this many orders in a row whose step failed for a reason of the portal's own, the rest are
 * not tried: with the database out of reach each would wait out the pool's and the transaction's
 * time (seconds each, up to 200 orders), and the person would wait minutes for a list of failures.
 */
const FAILED_STEPS_IN_A_ROW = 3;

export async function bulkRetry(viewer: Viewer, input: Input): Promise<BulkRetryResult> {
  assertStaff(viewer);
  const actor = userActor(viewer);
  const result: BulkRetryResult = { retried: [], skipped: [] };
  const toEnqueue: EnqueueTarget[] = [];
  const seen = new Set<string>();
  // Whatever happens to a later order, those already retried (committed) are enqueued.
  let failedInARow = 0;
  try {
    for (const { orderId, expectedVersion } of input.items) {
      if (seen.has(orderId)) continue;
      seen.add(orderId);
      if (failedInARow >= FAILED_STEPS_IN_A_ROW) {
        result.skipped.push({ orderId, why: said("bulkSkipNotTried", { count: failedInARow }) });
        continue;
      }
      const done = await retryOne(orderId, expectedVersion, actor, input);
      failedInARow = "skip" in done && done.stepFailed ? failedInARow + 1 : 0;
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
      // A row lock held elsewhere (a stuck session) would otherwise hold this step, and the whole
      // list after it, for as long as it lasts: the transaction's own time limit does not stop a
      // statement that waits. The order's own steps hold its row for milliseconds.
      await tx.$executeRaw`SET LOCAL lock_timeout = '3s'`;
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
    return { skip: said("bulkSkipStepFailed"), ...(label ? { label } : {}), stepFailed: true };
  }
}
