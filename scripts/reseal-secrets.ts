// `npm run secrets:reseal`: the second step of a SECRETS_KEY rotation (docs/operations.md "Rotate
// SECRETS_KEY"). Seals again with SECRETS_KEY everything still sealed with SECRETS_KEY_PREVIOUS,
// prints a count per column, and exits 0 once nothing is left on the previous key (values no key
// opens are reported, not waited for).

import { resealAll } from "@/lib/crypto/reseal";
import { parseSecretsKey } from "@/lib/crypto/seal";
import { disconnectDb } from "@/lib/db";

try {
  const current = parseSecretsKey(process.env.SECRETS_KEY);
  const previousRaw = process.env.SECRETS_KEY_PREVIOUS?.trim();
  const previous = previousRaw ? [parseSecretsKey(previousRaw, "SECRETS_KEY_PREVIOUS")] : [];
  if (previous.length === 0) console.log("SECRETS_KEY_PREVIOUS is not set: only counting what the current key opens.");
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
  if (unreadable)
    console.log(
      `${unreadable} values are opened by neither key (sealed with a key lost before, or altered): ` +
        "they stay as they are (docs/operations.md says what becomes of each).",
    );
  console.log(
    left === 0
      ? "Nothing is sealed with the previous key any more: SECRETS_KEY_PREVIOUS can be removed."
      : `${left} values changed while this ran: run it again before removing SECRETS_KEY_PREVIOUS.`,
  );
  process.exitCode = left === 0 ? 0 : 1;
} catch (err) {
  console.error(`resealing could not run: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
