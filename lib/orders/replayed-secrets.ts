// A request repeated with its idempotency key is the first one only if it asks the same, and a
// password is part of what it asks: a retry that makes a new password each time, or a person who
// typed another one after a lost answer, would otherwise be told that password was set while the
// first one is. The stored payload never holds a password (docs/security.md), so the comparison
// opens the first order's sealed secrets, which exist until that order succeeds or is cancelled
// (a failed one keeps them for support's retry); after that nothing is left to compare, and the
// repeat is answered as before (docs/api.md "Requests and answers").
import { timingSafeEqual } from "node:crypto";
import { open, type Secrets } from "@/lib/crypto/seal";

/**
 * Whether the secrets a repeated request carries differ from those its first order still holds
 * sealed. False when there is nothing to compare: the first order has succeeded or was cancelled
 * (its secrets are cleared) or holds none, or no key opens them (that order fails on its own,
 * saying so).
 */
export function secretsDifferFromFirst(
  first: { id: string; sealedSecret: Uint8Array | null },
  secrets: Secrets | undefined,
): boolean {
  if (!first.sealedSecret) return false;
  let stored: Secrets;
  try {
    stored = open(first.sealedSecret, first.id);
  } catch {
    return false;
  }
  const asked = secrets ?? {};
  const keys = new Set([...Object.keys(stored), ...Object.keys(asked)]);
  for (const k of keys) if (!sameText(stored[k], asked[k])) return true;
  return false;
}

/** Compared in constant time for texts of one length: a password is not compared by its first difference. */
function sameText(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
