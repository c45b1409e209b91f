// The whole sign-in: password (lib/auth/authenticate.ts, throttled), then the second factor for
// users who have one, then a server-side session row (lib/auth/sessions.ts). Successes and
// failures are audit events. The throttle's attempt reserved for the password is given back only
// after the second factor passed, so a wrong code counts as a failed sign-in and the six digits
// cannot be guessed any faster than a password.
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { withoutControlChars } from "@/lib/forms/control-chars";
import { log } from "@/lib/log";
import { recordSignIn } from "@/lib/metrics/record";
import { findUserForLogin, normalizeEmail, type SessionUser } from "@/lib/users/queries";
import { trackAfterAnswer, workAfterAnswerDone } from "@/lib/work-after-answer";
import { type AuthResult, authenticate } from "./authenticate";
import { dayOf } from "./known-device";
import type { SessionClient } from "./sessions";
import { createSignInSession } from "./sign-in-session";
import { reserveSecondFactorAnswer } from "./throttle";
import { secondFactorEnabledAt, verifySecondFactor } from "./two-factor";
import { unknownAddress } from "./unknown-address";

/** Error codes the sign-in form understands (app/login/messages.ts). */
export const SECOND_FACTOR_REQUIRED = "SecondFactorRequired";
export const SECOND_FACTOR_INVALID = "SecondFactorInvalid";
/** Sign-in could not be decided (the database or a library failed): `login.unavailable`, not a wrong password. */
export const SIGN_IN_UNAVAILABLE = "SignInUnavailable";

export type SignInResult =
  | {
      ok: true;
      user: SessionUser;
      sessionVersion: number;
      sessionId: string;
      /** The known-device cookie for the browser (lib/auth/known-device.ts). */
      deviceCookie: string;
    }
  | Exclude<AuthResult, { ok: true }>
  | { ok: false; reason: "second_factor_required" | "second_factor_invalid" };

export type SignInInput = { email: string; password: string; code?: string; deviceCookie?: string } & SessionClient;

export async function signInWithPassword(raw: SignInInput): Promise<SignInResult> {
  // The User-Agent and address go into the session row and the audit trail as text a person
  // reads; a browser could send anything there.
  const input = { ...raw, userAgent: withoutControlChars(raw.userAgent), ip: withoutControlChars(raw.ip) };
  const auth = await authenticate({
    email: input.email,
    password: input.password,
    ip: input.ip,
    deviceCookie: raw.deviceCookie,
  });
  if (!auth.ok) {
    if (auth.reason === "invalid") auditAfterAnswer(input);
    return auth;
  }
  const user = auth.user;
  let method: "password" | "totp" | "recovery_code" = "password";
  const secondFactorSince = await secondFactorEnabledAt(user.id);
  if (secondFactorSince) {
    // The password was right: ask for the code without counting a failure.
    if (!input.code?.trim()) {
      await auth.passwordRight();
      return { ok: false, reason: "second_factor_required" };
    }
    // A known device counts its answers on its own only with a token issued on a later day than
    // two-factor was turned on, so it completed a sign-in with a code: tokens gathered with the
    // password alone before that do not each bring a bucket of guesses (docs/security.md "Limits").
    const ownBucket = auth.device && auth.device.issuedDay > dayOf(secondFactorSince) ? auth.device.id : undefined;
    const answer = await reserveSecondFactorAnswer(user.id, ownBucket);
    if (!answer.ok) {
      recordSignIn("throttled");
      return { ok: false, reason: "throttled", retryAfterMinutes: Math.ceil(answer.retryAfterSeconds / 60) };
    }
    const second = await verifySecondFactor(user, input.code);
    if (!second.ok) {
      recordSignIn("invalid");
      await auditFailure(input, "second_factor", user);
      return { ok: false, reason: "second_factor_invalid" };
    }
    await answer.right();
    method = second.method;
  }
  const session = await createSignInSession({
    user,
    passwordHash: auth.passwordHash,
    sessionVersion: auth.sessionVersion,
    method,
    knownDevice: auth.knownDevice,
    client: input,
  });
  if (!session.ok) {
    if (session.reason === "second_factor_required") {
      // The second factor was turned on after the check above: ask for the code, as that check
      // would have.
      await auth.passwordRight();
      return { ok: false, reason: "second_factor_required" };
    }
    // The password changed (or the account was disabled or reset) while this sign-in checked the
    // old one: a failed sign-in, its attempt left counted.
    recordSignIn("invalid");
    await auditFailure(input, "password", user);
    return { ok: false, reason: "invalid" };
  }
  await auth.succeeded();
  recordSignIn("success");
  return {
    ok: true,
    user,
    sessionVersion: auth.sessionVersion,
    sessionId: session.sessionId,
    deviceCookie: auth.deviceCookie,
  };
}

// A wrong password's failure audit is written after the answer, not before it: it costs an unknown
// address more database work than a known one (the account lookup, then the domain check in
// ./unknown-address.ts), and the time to answer must not tell which accounts exist
// (docs/security.md "Limits"). Its own failure is logged, never the typed text.
// The server's shutdown waits for it (lib/work-after-answer.ts). The row keeps when the attempt
// was answered (`attemptedAt`): it may be written after a later success of the same account.
function auditAfterAnswer(input: SignInInput): void {
  const attemptedAt = new Date().toISOString();
  trackAfterAnswer(
    auditFailure(input, "password", undefined, attemptedAt).catch((err: unknown) => {
      log.error("failed sign-in not audited", { error: err instanceof Error ? err.message : String(err) });
    }),
  );
}

/** Resolves once the failure audits started so far are written (or their failure logged). */
export async function failedSignInAuditsWritten(): Promise<void> {
  await workAfterAnswerDone();
}

// Failed sign-ins name the account when it exists. For an unknown one the typed text is never
// kept: people type passwords into the address box, and many passwords look like an address
// ("Summer@2024"). What is kept is a keyed digest of the whole, so repeated tries of one address
// can be told apart from many addresses, and the domain when accounts of the portal use it,
// without the audit log holding what was typed (./unknown-address.ts).
async function auditFailure(
  input: SignInInput,
  reason: "password" | "second_factor",
  known?: SessionUser,
  attemptedAt?: string,
) {
  const email = normalizeEmail(input.email).slice(0, 254);
  const user = known ?? (email ? (await findUserForLogin(email))?.user : undefined);
  await recordAudit(db(), {
    actor: { type: "system", label: "sign-in" },
    action: "auth.sign_in_failed",
    resellerId: user?.resellerId ?? null,
    after: {
      ...(user ? { userId: user.id, email: user.email } : { ...(await unknownAddress(email)), knownAccount: false }),
      reason,
      ip: input.ip.slice(0, 64),
      ...(attemptedAt ? { attemptedAt } : {}),
    },
  });
}
