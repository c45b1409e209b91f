// What a person saw of a drift finding, as a short token the page sends with its forms. A reading
// rewrites an open finding's details in place (./drift-changes.ts recordFinding), so a finding
// dismissed from a page loaded before that would accept differences nobody looked at, and a
// dismissed finding with the same details never comes back. The dismissal therefore carries this
// token and is refused when the finding's details are no longer the ones shown.
import { createHash } from "node:crypto";

/** A token of a finding's details as read through the finding model (the page and the action both do). */
export function findingSeen(details: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(details ?? null))
    .digest("base64url")
    .slice(0, 22);
}
