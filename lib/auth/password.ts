// Password hashing: argon2id only (docs/design.md invariant 7 relies on hashes nobody can reverse). Parameters follow OWASP's minimum for
// argon2id (19 MiB, 2 passes, 1 lane), which keeps a sign-in under ~50 ms on a 2-core machine.
import argon2 from "argon2";

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** False for a wrong password and for a hash that is not a valid argon2 string. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash with the same parameters, so an unknown e-mail costs as
 * much time as a wrong password and response times do not reveal which accounts exist.
 */
export async function burnVerifyTime(password: string): Promise<void> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  await verifyPassword(await dummy, password);
}
