// Keys of their own derived from AUTH_SECRET (the session secret), one per purpose: an HMAC of the
// purpose's label under the secret. So a value made with one (a known-device token, a digest of an
// unknown sign-in address) is never a valid signature of anything else the secret signs.
import { createHmac } from "node:crypto";
import { env } from "@/lib/env";

const keys = new Map<string, Buffer>();

/** The key for `label`, made once per process. Never one anyone could compute: without the secret it throws. */
export function authSecretKey(label: string): Buffer {
  const known = keys.get(label);
  if (known) return known;
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set (at least 32 characters)");
  const key = createHmac("sha256", secret).update(label).digest();
  keys.set(label, key);
  return key;
}
