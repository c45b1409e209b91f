// Authenticator-app stand-in for the e2e tier: computes the TOTP code a user's app would show,
// from the sealed secret in the database, never reusing a time step the server has accepted
// (the server refuses a code twice, and tests sign the same user in many times a minute).
import { generate } from "otplib";
import { TOTP_PERIOD_SECONDS } from "@/lib/auth/totp";
import { open } from "@/lib/crypto/seal";
import { db } from "@/lib/db";

const nowStep = () => Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS);

/** A code for `secret` in a time step after `lastStep`, waiting when the next one is too far. */
export async function freshCode(secret: string, lastStep: number | null): Promise<string> {
  let step: number = Math.max(nowStep(), (lastStep ?? 0) + 1);
  // The server accepts one step of drift either way: beyond that, wait for the clock.
  while (step > nowStep() + 1) await new Promise((r) => setTimeout(r, 1_000));
  step = Math.max(step, nowStep());
  return generate({ secret, epoch: step * TOTP_PERIOD_SECONDS });
}

/** The code the user's app would show now (sealed secret opened as lib/auth/two-factor.ts does). */
export async function codeFor(email: string): Promise<string> {
  const u = await db().user.findUniqueOrThrow({
    where: { email },
    select: { id: true, totpSecret: true, totpLastStep: true },
  });
  if (!u.totpSecret) throw new Error(`${email} has no second factor`);
  const secret = open(u.totpSecret, `totp:${u.id}`).totp;
  if (!secret) throw new Error(`${email}: sealed TOTP secret has no value`);
  return freshCode(secret, u.totpLastStep);
}
