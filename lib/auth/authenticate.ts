// Checks an e-mail and password for sign-in. Unknown account, wrong password and disabled user
// all give the same answer after the same amount of work, so nothing tells an attacker which
// accounts exist.

import { recordSignIn } from "@/lib/metrics/record";
import { findUserForLogin, normalizeEmail, type SessionUser } from "@/lib/users/queries";
import { cookieAfterSignIn, provenDevice } from "./known-device";
import { burnVerifyTime, verifyPassword } from "./password";
import { accountKey, reserveLoginAttempt } from "./throttle";

export type AuthResult =
  | {
      ok: true;
      user: SessionUser;
      sessionVersion: number;
      /**
       * The stored hash the password was checked against: the session is made only while it is
       * still the user's (lib/auth/sign-in.ts), so a password changed meanwhile wins.
       */
      passwordHash: string;
      /** Whether the attempt came from a browser that had signed in to this account before. */
      knownDevice: boolean;
      /**
       * That browser's device (known-device.ts) and the day its token was issued: its second-factor
       * answers count on their own when the token came after two-factor was turned on (sign-in.ts).
       */
      device?: { id: string; issuedDay: number };
      /** The known-device cookie to give the browser once the whole sign-in passed. */
      deviceCookie: string;
      /**
       * Gives the reserved attempt back and clears the account's failures: call once the whole
       * sign-in (second factor too) passed. Not calling it leaves the attempt counted as failed.
       */
      succeeded: () => Promise<void>;
      /** The password was right, the second factor is still to come (lib/auth/throttle.ts). */
      passwordRight: () => Promise<void>;
    }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

export async function authenticate(input: {
  email: string;
  password: string;
  ip: string;
  /** The browser's known-device cookie, if it sent one (known-device.ts). */
  deviceCookie?: string;
}): Promise<AuthResult> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const proven = provenDevice(accountKey(email), input.deviceCookie);
  const device = proven?.id;
  // Reserved before the password is looked at, so parallel guesses are all counted.
  const reservation = await reserveLoginAttempt(email, input.ip, device);
  if (!reservation.ok) {
    recordSignIn("throttled");
    return { ok: false, reason: "throttled", retryAfterMinutes: Math.ceil(reservation.retryAfterSeconds / 60) };
  }

  const found = email && input.password ? await findUserForLogin(email) : null;
  let valid = false;
  if (found) valid = await verifyPassword(found.passwordHash, input.password);
  else await burnVerifyTime(input.password);

  if (!found || !valid || found.disabled) {
    recordSignIn("invalid");
    return { ok: false, reason: "invalid" };
  }
  // Not counted as a success yet: the caller counts one once the whole sign-in (its second factor
  // too) has passed (lib/auth/sign-in.ts).
  return {
    ok: true,
    user: found.user,
    sessionVersion: found.sessionVersion,
    passwordHash: found.passwordHash,
    knownDevice: device !== undefined,
    device: proven,
    deviceCookie: cookieAfterSignIn(accountKey(email), input.deviceCookie),
    // Deferred to the caller: a wrong second factor must leave the reserved attempt counted.
    succeeded: () => reservation.succeeded(),
    passwordRight: () => reservation.passwordRight(),
  };
}
