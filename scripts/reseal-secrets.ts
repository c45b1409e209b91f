// `npm run secrets:reseal`: the second step of a SECRETS_KEY rotation (docs/operations.md "Rotate
// SECRETS_KEY"). Seals again with SECRETS_KEY everything still sealed with SECRETS_KEY_PREVIOUS,
// prints a count per column and exits 1 while anything is left that no key opens.

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
        `${c.unreadable} opened by neither key, ${c.changedMeanwhile} changed meanwhile (run again)`,
    );
  const left = counts.reduce((n, c) => n + c.unreadable + c.changedMeanwhile, 0);
  console.log(
    left === 0
      ? "Nothing is sealed with the previous key any more: SECRETS_KEY_PREVIOUS can be removed."
      : `${left} values are not on the current key yet: see the lines above before removing SECRETS_KEY_PREVIOUS.`,
  );
  process.exitCode = left === 0 ? 0 : 1;
} catch (err) {
  console.error(`resealing could not run: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
