// What a person saw of a drift finding, as a short token the page sends with its forms, so an
// action is refused when what it rests on is no longer what was shown:
// - a finding's details: a reading rewrites an open finding's details in place
//   (./drift-changes.ts recordFinding), so a finding dismissed from a page loaded before that would
//   accept differences nobody looked at, and a dismissed finding with the same details never comes
//   back;
// - an unowned resource's identity: the adoption page shows whose the provider says it is, and
//   warns when that is another reseller; an adoption reads it again, and one the provider now
//   names another owner for is not the adoption the person confirmed.
import { createHash } from "node:crypto";

const token = (value: unknown) =>
  createHash("sha256")
    .update(JSON.stringify(value ?? null))
    .digest("base64url")
    .slice(0, 22);

/** A token of a finding's details as read through the finding model (the page and the action both do). */
export function findingSeen(details: unknown): string {
  return token(details);
}

/** A token of what the provider says of a resource's identity and owner (drift-actions.ts readFindingResource). */
export function identitySeen(
  identity: readonly { field: string; value: string }[],
  ownerResellerId: string | null,
): string {
  return token({ identity, owner: ownerResellerId });
}
