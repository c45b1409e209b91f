// Keys of their own, derived from SECRETS_KEY, for MACs of values that a copy of the database
// alone must not let anyone check guesses against (recovery codes: docs/security.md
// "Two-factor sign-in (TOTP)"). HKDF-SHA256 with the purpose as its info, so no derived key is
// the sealing key or another purpose's key. During a rotation the previous key's derived key
// comes second: what was made with it still checks (docs/operations.md "Rotate SECRETS_KEY").
import { hkdfSync } from "node:crypto";
import { openingKeys } from "./seal";

const cache = new Map<string, { from: Buffer[]; keys: Buffer[] }>();

/** The key for `purpose` derived from one SECRETS_KEY (the reseal script names its keys itself). */
export const deriveKey = (secretsKey: Buffer, purpose: string): Buffer =>
  Buffer.from(hkdfSync("sha256", secretsKey, Buffer.alloc(0), `portal ${purpose}`, 32));

/** The keys for `purpose`: the one derived from SECRETS_KEY first, then SECRETS_KEY_PREVIOUS's, if set. */
export function derivedKeys(purpose: string): Buffer[] {
  const from = openingKeys();
  const hit = cache.get(purpose);
  if (hit && hit.from.length === from.length && hit.from.every((k, i) => k === from[i])) return hit.keys;
  const keys = from.map((k) => deriveKey(k, purpose));
  cache.set(purpose, { from, keys });
  return keys;
}
