// The retry cap never ends blind (docs/reliability.md "Retry cap"). `failures` is the budget the
// failed attempts since the order was last queued have spent (transient, unknown and abandoned
// outcomes; see budgetSpent for rate-limited ones); `mayExist` is true once any create of this
// order may have committed upstream.
//
// - Below the cap: retry with backoff (a lookup first when the order may exist).
// - At the cap, nothing may exist upstream: fail.
// - At the cap, something may exist: one final lookup decides — found and matching → adopted,
//   absent → failed, a lookup that cannot tell → held for a person ("may exist upstream").
// - Past the cap (the final lookup itself was abandoned, e.g. its worker crashed): held without
//   another call, so a poison order stops instead of looping.
import { portalText } from "@/lib/i18n/portal-texts";

/**
 * Rate-limited attempts (a 429: the upstream refused before doing anything) that spend as much of
 * the budget as one other failure. A rate limit is waited out rather than ending the order after
 * MAX_ATTEMPTS answers of "not now"; it still ends, so a limit that never lifts fails the order.
 */
export const RATE_LIMITED_PER_FAILURE = 4;

/** The failed attempts since the order was last queued: rate-limited ones, and all the others. */
export type FailedAttempts = { failed: number; rateLimited: number };

/** The share of MAX_ATTEMPTS the failed attempts have spent. */
export const budgetSpent = (a: FailedAttempts): number =>
  a.failed + Math.floor(a.rateLimited / RATE_LIMITED_PER_FAILURE);

/** How many attempts failed, as a person counts them (the messages, the backoff's exponent). */
export const attemptsFailed = (a: FailedAttempts): number => a.failed + a.rateLimited;

export type AfterFailure = "retry" | "final-lookup" | "give-up";

/** What follows an attempt that ended transient or unknown; `failures` includes that attempt. */
export function afterFailure(failures: number, maxAttempts: number, mayExist: boolean): AfterFailure {
  if (failures < maxAttempts) return "retry";
  return mayExist ? "final-lookup" : "give-up";
}

export type AtStart = { mode: "normal" } | { mode: "final-lookup" } | { mode: "stop"; to: "failed" | "held" };

/** What a run may do before it calls the upstream. */
export function atStart(failures: number, maxAttempts: number, mayExist: boolean): AtStart {
  if (failures < maxAttempts) return { mode: "normal" };
  if (!mayExist) return { mode: "stop", to: "failed" };
  return failures === maxAttempts ? { mode: "final-lookup" } : { mode: "stop", to: "held" };
}

export function stopMessage(to: "failed" | "held", failures: number): string {
  return portalText(to === "failed" ? "gaveUp" : "gaveUpMayExist", { attempts: failures });
}
