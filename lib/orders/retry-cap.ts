// The retry cap never ends blind (docs/reliability.md "Retry cap"). `failures` counts the failed
// attempts since the order was last queued (transient, unknown and abandoned outcomes);
// `mayExist` is true once any create of this order may have committed upstream.
//
// - Below the cap: retry with backoff (a lookup first when the order may exist).
// - At the cap, nothing may exist upstream: fail.
// - At the cap, something may exist: one final lookup decides — found and matching → adopted,
//   absent → failed, a lookup that cannot tell → held for a person ("may exist upstream").
// - Past the cap (the final lookup itself was abandoned, e.g. its worker crashed): held without
//   another call, so a poison order stops instead of looping.
import { portalText } from "@/lib/i18n/portal-texts";

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
