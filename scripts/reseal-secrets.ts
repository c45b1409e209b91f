// `npm run secrets:reseal`: the second step of a SECRETS_KEY rotation (docs/operations.md "Rotate
// SECRETS_KEY"). Seals again with SECRETS_KEY everything still sealed with SECRETS_KEY_PREVIOUS,
// prints a count per column, and counts the unused recovery codes that may still need the previous
// key (made under it, or before codes carried their key's mark: lib/auth/recovery-codes.ts), which
// no reseal can move. Exit codes: 0 nothing needs the previous key any more; 1 values changed while
// it ran, run it again; 3 every sealed value is on the new key but such recovery codes are left;
// 4 values are opened by neither key; 2 it could not run. A value neither key opens may need a key
// other than the one given as previous (a wrong SECRETS_KEY_PREVIOUS looks exactly like that), so
// it never ends in "can be removed".

import { recoveryCodesHoldingPreviousKey } from "@/lib/auth/recovery-codes";
import { resealAll } from "@/lib/crypto/reseal";
import { parseSecretsKey } from "@/lib/crypto/seal";
import { disconnectDb } from "@/lib/db";

try {
  const current = parseSecretsKey(process.env.SECRETS_KEY);
  const previousRaw = process.env.SECRETS_KEY_PREVIOUS?.trim();
  // Without the previous key nothing can be moved, and "nothing needs it" could not be told from
  // "nothing was checked": a run without it would give the green light to drop a key in use.
  if (!previousRaw)
    throw new Error(
      "SECRETS_KEY_PREVIOUS is not set: run this with the key before SECRETS_KEY in SECRETS_KEY_PREVIOUS (docs/operations.md)",
    );
  const previousKey = parseSecretsKey(previousRaw, "SECRETS_KEY_PREVIOUS");
  if (previousKey.equals(current))
    throw new Error(
      "SECRETS_KEY_PREVIOUS is the same key as SECRETS_KEY: set it to the key SECRETS_KEY replaced (docs/operations.md)",
    );
  const previous = [previousKey];
  const counts = await resealAll({ current, previous });
  for (const c of counts)
    console.log(
      `${c.table}.${c.column}: ${c.resealed} sealed again, ${c.current} already current, ` +
        `${c.unreadable} opened by neither key, ${c.changedMeanwhile} changed meanwhile`,
    );
  // A second pass catches what changed while the first ran (a row rewritten, an enrolment
  // confirmed with a secret read before): done when it finds nothing left on the previous key.
  const again = await resealAll({ current, previous });
  const left = again.reduce((n, c) => n + c.resealed + c.changedMeanwhile, 0);
  const unreadable = again.reduce((n, c) => n + c.unreadable, 0);
  if (unreadable) {
    console.log(
      `${unreadable} values are opened by neither key: sealed with a key other than these two, or altered. ` +
        "They stay as they are. The first of them:",
    );
    for (const c of again)
      if (c.unreadableIds.length) console.log(`  ${c.table}.${c.column}: ${c.unreadableIds.join(", ")}`);
    // The first pass moved nothing and found values it could not open. On the first run after a
    // rotation the usual cause is a SECRETS_KEY_PREVIOUS that is not the key SECRETS_KEY replaced;
    // on a later run it only means that everything else was moved before.
    if (counts.every((c) => c.resealed === 0))
      console.log(
        "Nothing was sealed again in this run. If this is the first run since the rotation, check that " +
          "SECRETS_KEY_PREVIOUS is the key SECRETS_KEY replaced before anything else.",
      );
  }
  // Recovery codes are HMACs of codes only their owners know: they stay on the key they were made
  // under until the owner makes new ones.
  const holders = await recoveryCodesHoldingPreviousKey({ current, previous });
  const onPrevious = holders.reduce((n, h) => n + h.previousKey, 0);
  const unmarked = holders.reduce((n, h) => n + h.unmarked, 0);
  if (holders.length) {
    console.log(
      `${onPrevious + unmarked} unused recovery codes may still need SECRETS_KEY_PREVIOUS ` +
        `(${onPrevious} made under it, ${unmarked} made before codes recorded their key), held by:`,
    );
    for (const h of holders) console.log(`  ${h.email}: ${h.previousKey} made under it, ${h.unmarked} unmarked`);
    console.log(
      "Ask them to make new recovery codes (My account → Two-factor sign-in). Removed now, the previous " +
        "key takes those codes with it: whoever then loses the phone needs an admin's two-factor reset.",
    );
  }
  if (left > 0) {
    console.log(`${left} values changed while this ran: run it again before removing SECRETS_KEY_PREVIOUS.`);
    process.exitCode = 1;
  } else if (unreadable > 0) {
    console.log(
      "Keep SECRETS_KEY_PREVIOUS until those values are dealt with: if it is the key SECRETS_KEY replaced, " +
        "they were sealed with a key lost before (docs/operations.md says what becomes of each); if not, run " +
        "this again with the right one.",
    );
    process.exitCode = 4;
  } else if (holders.length) {
    console.log("Nothing is sealed with the previous key any more, but the recovery codes above may still need it.");
    process.exitCode = 3;
  } else {
    console.log("Nothing is sealed with the previous key any more: SECRETS_KEY_PREVIOUS can be removed.");
    process.exitCode = 0;
  }
} catch (err) {
  console.error(`resealing could not run: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
