// "Change my password", also the forced change after an admin set the password. The current
// password is required (a borrowed, unlocked browser is not enough), the new one must pass the
// account password rule, and every other session of the user ends; the one in use stays.
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { v } from "@/lib/i18n/validation";
import { hashPassword, verifyPassword } from "./password";
import { accountPasswordProblem } from "./password-policy";
import { checkOwnSecret } from "./self-check";
import { revokeOtherSessions, type SessionUser } from "./sessions";

export class PasswordChangeError extends Error {
  constructor(
    readonly field: "currentPassword" | "newPassword",
    message: string,
  ) {
    super(message);
  }
}

export async function changeOwnPassword(
  user: Pick<SessionUser, "id" | "email" | "resellerId" | "sessionId">,
  input: { currentPassword: string; newPassword: string },
): Promise<{ otherSessionsEnded: number }> {
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  const current = await checkOwnSecret(
    user,
    "password",
    () => verifyPassword(row.passwordHash, input.currentPassword),
    v("currentPasswordWrong"),
  );
  if (!current.ok) throw new PasswordChangeError("currentPassword", current.message);
  const problem = accountPasswordProblem(input.newPassword);
  if (problem) throw new PasswordChangeError("newPassword", problem);
  if (input.newPassword === input.currentPassword) {
    throw new PasswordChangeError("newPassword", v("passwordUnchanged"));
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db().$transaction(async (tx) => {
    // A two-factor enrolment begun before is begun again: its key may have been read by whoever
    // knew the old password (docs/security.md "Two-factor sign-in (TOTP)").
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: false, totpPendingSecret: null },
    });
    const ended = await revokeOtherSessions(user.id, user.sessionId, tx);
    await recordAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email },
      action: "auth.password_change",
      resellerId: user.resellerId,
      after: { userId: user.id, otherSessionsEnded: ended },
    });
    return { otherSessionsEnded: ended };
  });
}
