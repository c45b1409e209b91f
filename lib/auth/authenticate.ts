// Checks an e-mail and password for sign-in. Unknown account, wrong password and disabled user
// all give the same answer after the same amount of work, so nothing tells an attacker which
// accounts exist.

import { findUserForLogin, normalizeEmail, type SessionUser } from "@/lib/users/queries";
import { burnVerifyTime, verifyPassword } from "./password";
import { checkLoginThrottle, recordLoginFailure, recordLoginSuccess } from "./throttle";

export type AuthResult =
  | { ok: true; user: SessionUser; sessionVersion: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

export const throttledMessage = (minutes: number) =>
  `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;

export async function authenticate(input: { email: string; password: string; ip: string }): Promise<AuthResult> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const verdict = await checkLoginThrottle(email, input.ip);
  if (verdict.blocked) return { ok: false, reason: "throttled", retryAfterMinutes: verdict.retryAfterMinutes };
  if (verdict.delayMs > 0) await new Promise((r) => setTimeout(r, verdict.delayMs));

  const found = email && input.password ? await findUserForLogin(email) : null;
  let valid = false;
  if (found) valid = await verifyPassword(found.passwordHash, input.password);
  else await burnVerifyTime(input.password);

  if (!found || !valid || found.disabled) {
    await recordLoginFailure(email, input.ip);
    return { ok: false, reason: "invalid" };
  }
  await recordLoginSuccess(email, input.ip);
  return { ok: true, user: found.user, sessionVersion: found.sessionVersion };
}
