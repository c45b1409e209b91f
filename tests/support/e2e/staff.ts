// A fresh staff account per test, with its second factor already on.
//
// Staff must use a TOTP code at every sign-in and the server takes each time step once, with one
// step of drift: one account can sign in about twice per 30-second step before the next code
// only comes with the clock. Tests that sign staff in many times a minute would wait for it, so
// they take a new account each (the seeded support@ and admin@ accounts stay for the sign-in tests).
import { generate } from "otplib";
import { hashPassword } from "@/lib/auth/password";
import { beginEnrolment, confirmEnrolment } from "@/lib/auth/two-factor";
import type { Role } from "@/lib/generated/prisma/enums";
import { makeUser } from "../../factories";
import { SEED_PASSWORD } from "./file-browser";

// Hashing is the slow part (argon2id): once per test file.
let seedPasswordHash: Promise<string> | undefined;

/** A new support or admin user with the seed accounts' password and its second factor enrolled. */
export async function newStaffUser(role: Extract<Role, "support" | "admin">): Promise<string> {
  seedPasswordHash ??= hashPassword(SEED_PASSWORD);
  const user = await makeUser(role, null, await seedPasswordHash);
  const { secret } = await beginEnrolment(user);
  await confirmEnrolment(
    { ...user, sessionId: null },
    { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) }), currentPassword: SEED_PASSWORD },
  );
  return user.email;
}
