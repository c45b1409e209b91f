// Writes what one attempt led to, if the attempt is still the order's current one. A stale
// worker (its attempt was abandoned or superseded) only records its attempt row; the order is
// left to whoever holds it now.
import { type Prisma, plainSql } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { portalText, storedText } from "@/lib/i18n/portal-texts";
import { log } from "@/lib/log";
import { backoffDelayMs } from "@/lib/orders/backoff";
import { StaleOrderError } from "@/lib/orders/errors";
import {
  heldByOtherForReseller,
  isOwnershipConflict,
  type OwnershipSubject,
  otherHolder,
} from "@/lib/orders/ownership";
import { afterFailure, attemptsFailed, budgetSpent } from "@/lib/orders/retry-cap";
import { preparedTransition, type TransitionPatch } from "@/lib/orders/state-machine";
import { activeTraceIds, activeTraceparent } from "@/lib/tracing/spans";
import { redirectedCall } from "@/lib/upstream/redirect";
import type { FieldProblems } from "@/lib/upstream/result";
import {
  type AttemptFacts,
  failuresSoFar,
  finishAttemptPart,
  isRateLimited,
  recordLateAttempt,
  type Step,
} from "./attempt-steps";
import { type ProvisionContext, workerActor } from "./context";

export type Verdict =
  | { to: "succeeded"; ref: string }
  | { to: "failed"; lastError: string; fieldErrors?: FieldProblems }
  // fieldErrors on `unknown`: a refusal that is not final yet (verdicts.ts refusedAfterMaybeApplied),
  // kept on the order so that a failure at the retry cap still names the fields to fix.
  | { to: "retrying" | "unknown"; lastError: string; retryAfterMs?: number; fieldErrors?: FieldProblems }
  | { to: "held"; lastError: string };

export type Written = { written: false } | { written: true; status: OrderStatus; version: number };

/** What writeOutcome needs to know about the order besides the attempt. */
export type OutcomeOrder = OwnershipSubject & { createSent: boolean };

export async function writeOutcome(
  step: Step,
  order: OutcomeOrder,
  facts: AttemptFacts,
  verdict: Verdict,
  ctx: ProvisionContext,
): Promise<Written> {
  let to: OrderStatus = verdict.to;
  let delayMs: number | undefined;
  const patch: TransitionPatch = {};
  // Maybe-applied is a fact: only a create or change whose outcome may have committed marks the order.
  // A redirect of the call itself (held as `auth`: lib/upstream/redirect.ts) answered a request
  // that reached a server, which may have applied it before answering so: the retry looks it up first.
  const redirected = facts.outcome === "auth" && redirectedCall(facts.call);
  const maybeCommitted = step.kind !== "lookup" && (facts.outcome === "unknown" || redirected);
  if (maybeCommitted && !order.createSent) patch.createSent = true;
  const mayExist = order.createSent || maybeCommitted;
  if (verdict.to === "succeeded")
    Object.assign(patch, { upstreamRef: verdict.ref, lastError: null, fieldErrors: null });
  // Cut to what the column keeps by shortening the provider's words in it, never the portal's.
  else patch.lastError = storedText(verdict.lastError);
  if (
    (verdict.to === "failed" || verdict.to === "unknown") &&
    verdict.fieldErrors &&
    Object.keys(verdict.fieldErrors).length
  )
    patch.fieldErrors = verdict.fieldErrors;
  if (verdict.to === "retrying" || verdict.to === "unknown") {
    // Off the happy path only: this attempt's own failure is not written yet, hence added here.
    const counted = await failuresSoFar(plainSql, step.orderId);
    if (COUNTED.includes(facts.outcome)) counted[isRateLimited(facts) ? "rateLimited" : "failed"] += 1;
    const failures = attemptsFailed(counted);
    const next = afterFailure(budgetSpent(counted), ctx.settings.maxAttempts, mayExist);
    if (next === "give-up") {
      to = "failed";
      patch.lastError = storedText(portalText("gaveUpLastError", { attempts: failures, error: verdict.lastError }));
    } else {
      delayMs = backoffDelayMs(
        failures,
        { baseMs: ctx.settings.retryBaseMs, maxMs: ctx.settings.retryMaxMs },
        verdict.retryAfterMs,
      );
      // The last allowed attempt left the order maybe-applied: one final lookup decides.
      if (next === "final-lookup") to = "unknown";
      // After a maybe-applied create, give a request the upstream is still working on (we
      // timed out, it did not) the time to land before looking it up.
      if (to === "unknown") delayMs = Math.max(delayMs, ctx.settings.unknownLookupDelayMs);
      patch.nextAttemptAt = new Date(Date.now() + delayMs);
    }
  }
  let version: number;
  try {
    version = await writeStep(step, to, patch, facts, ctx);
  } catch (err) {
    if (isOwnershipConflict(err) && verdict.to === "succeeded") {
      // Another order took this resource between our check and our write (the owner index said
      // no). An adoption is simply refused; a resource we created ourselves that another order
      // already claims needs a person.
      const other = await otherHolder(order, verdict.ref);
      const msg = storedText(heldByOtherForReseller(order.naturalKey, verdict.ref, other));
      to = step.kind === "lookup" ? "failed" : "held";
      try {
        version = await writeStep(step, to, { lastError: msg }, { ...facts, message: msg }, ctx);
      } catch (again) {
        return dropped(step, facts, again, ctx);
      }
    } else return dropped(step, facts, err, ctx);
  }
  // The retry's job continues this job's trace.
  if (delayMs !== undefined)
    await ctx.enqueue(
      { id: step.orderId, provider: order.provider, version },
      { delayMs, traceparent: activeTraceparent(ctx.trace) },
    );
  return { written: true, status: to, version };
}

function writeStep(step: Step, to: OrderStatus, patch: TransitionPatch, facts: AttemptFacts, ctx: ProvisionContext) {
  // Plain pg (no ORM) for the statement every order's attempt ends with, its text built once
  // per shape (docs/benchmarks/worker.md "The outcome built once per shape").
  return preparedTransition(
    {
      orderId: step.orderId,
      from: "provisioning",
      to,
      expectedVersion: step.version,
      actor: workerActor(ctx),
      reason: patch.lastError ?? null,
      patch,
      details: { attempt: step.number },
    },
    finishAttemptPart(step.attemptId, facts),
  );
}

async function dropped(step: Step, facts: AttemptFacts, err: unknown, ctx: ProvisionContext): Promise<Written> {
  if (!(err instanceof StaleOrderError)) throw err;
  log.warn("attempt superseded; its result is dropped", {
    orderId: step.orderId,
    attemptId: step.attemptId,
    outcome: facts.outcome,
    ...activeTraceIds(ctx.trace),
  });
  await recordLateAttempt(step.attemptId, facts);
  return { written: false };
}

// The outcomes failuresSoFar counts (attempt-steps.ts). "abandoned" is not one of them: it is
// written here only when the retry cap stops a run, which ends the order (failed or held).
const COUNTED: readonly AttemptFacts["outcome"][] = ["transient", "unknown"];

export function jsonOrNull(v: unknown): Prisma.InputJsonValue | undefined {
  return v && typeof v === "object" && Object.keys(v).length ? (v as Prisma.InputJsonValue) : undefined;
}
