// The last step of a sign-in (lib/auth/sign-in.ts): the session row and its audit event, made
// only while what the sign-in checked still holds.
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/users/queries";
import { createSession, type SessionClient } from "./sessions";

/** What the session step made: the session, or why it made none. */
type SignInSessionResult =
  | { ok: true; sessionId: string }
  // changed: the password hash, session version or disabled flag moved on since the check.
  // second_factor_required: a sign-in without a code, for a user who turned the second factor on meanwhile.
  | { ok: false; reason: "changed" | "second_factor_required" };

/**
 * The session step of a sign-in: the user_session row and its `auth.sign_in` event, made only
 * while the user still has the password hash that was verified and the session version read with
 * it, and, for a sign-in that asked for no second factor, while the user still has none;
 * otherwise nothing is written. A password changed between the check and this step
 * (lib/auth/change-password.ts) would otherwise let a sign-in with the old password make its row
 * after the change had ended the other sessions; a second factor turned on meanwhile
 * (two-factor.ts `confirmEnrolment`, which ends the other sessions too) would leave a session
 * signed in with the password alone (docs/security.md "Passwords").
 */
export async function createSignInSession(step: {
  user: SessionUser;
  passwordHash: string;
  sessionVersion: number;
  method: "password" | "totp" | "recovery_code";
  knownDevice: boolean;
  client: SessionClient;
}): Promise<SignInSessionResult> {
  const { user, client } = step;
  return db().$transaction(async (tx) => {
    // FOR SHARE holds off a change of the row until this commits: a password change's UPDATE
    // waits, and its revocation of the other sessions, which comes after it, then sees this row.
    // A change that committed first is seen here. Turning the second factor on updates the same
    // row and then ends the other sessions, so it is ordered against this one the same way.
    const [row] = await tx.$queryRaw<
      { password_hash: string; session_version: number; disabled: boolean; second_factor: boolean }[]
    >`
      SELECT password_hash, session_version, disabled_at IS NOT NULL AS disabled,
             totp_enabled_at IS NOT NULL AS second_factor
      FROM app_user WHERE id = ${user.id}::uuid FOR SHARE`;
    if (!row || row.disabled || row.password_hash !== step.passwordHash || row.session_version !== step.sessionVersion)
      return { ok: false, reason: "changed" } as const;
    if (row.second_factor && step.method === "password")
      return { ok: false, reason: "second_factor_required" } as const;
    const id = await createSession(user.id, client, tx);
    await recordAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email },
      action: "auth.sign_in",
      resellerId: user.resellerId,
      after: {
        userId: user.id,
        sessionId: id,
        method: step.method,
        knownDevice: step.knownDevice,
        ip: client.ip.slice(0, 64),
        userAgent: client.userAgent.slice(0, 200),
      },
    });
    return { ok: true, sessionId: id } as const;
  });
}
