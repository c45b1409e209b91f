// "Change my password", also the forced change after an admin set the password. The current
// password is required (a borrowed, unlocked browser is not enough), the new one must pass the
// account password rule, and every other session of the user ends; the one in use goes on under a
// new id, so a copy of its cookie taken before ends too (the action gives the browser the new
// cookie, lib/auth/session-cookie.ts). Asked
// to, it also revokes the API tokens the user created, and turns the reseller's webhook endpoints
// off: they outlive sessions, so one made from a stolen session would otherwise go on working
// (docs/security.md "Passwords"). The web process remembers principals of tokens for a few
// seconds; lib/api (which lib/auth does not import) forgets them after the commit:
// changeOwnPasswordAndTokens in lib/api/tokens.ts.
import { recordAudit } from "@/lib/audit/record-audit";
import { db, type Prisma } from "@/lib/db";
import { v } from "@/lib/i18n/validation";
import { hashPassword, verifyPassword } from "./password";
import { accountPasswordProblem } from "./password-policy";
import { checkOwnSecret } from "./self-check";
import { revokeApiTokensCreatedBy, rotateSession, type SessionUser } from "./sessions";

export class PasswordChangeError extends Error {
  constructor(
    readonly field: "currentPassword" | "newPassword",
    message: string,
  ) {
    super(message);
  }
}

// Turning endpoints off parks their waiting deliveries and waits for order steps writing their
// events: it may need longer than the ORM's default 5 s for a transaction, as turning one on does.
const PASSWORD_CHANGE_TIMEOUT = { timeout: 60_000 };

export async function changeOwnPassword(
  user: Pick<SessionUser, "id" | "email" | "resellerId" | "sessionId">,
  input: {
    currentPassword: string;
    newPassword: string;
    revokeApiTokens?: boolean;
    /**
     * Turns the reseller's webhook endpoints off in the same transaction, returning how many
     * (lib/webhooks/endpoints.ts; passed in, as lib/auth does not depend on the webhooks).
     */
    webhookEndpointsOff?: (tx: Prisma.TransactionClient) => Promise<number>;
  },
): Promise<{
  otherSessionsEnded: number;
  apiTokensRevoked: number;
  webhookEndpointsDisabled: number;
  /** The session in use under its new id (null: it was not live, and ended with the others). */
  sessionId: string | null;
}> {
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
    // Conditional on the hash the current password was checked against: of two changes racing,
    // the second was checked against a password that is no longer the account's, and is refused.
    const changed = await tx.user.updateMany({
      where: { id: user.id, passwordHash: row.passwordHash },
      data: { passwordHash, mustChangePassword: false, totpPendingSecret: null },
    });
    if (changed.count !== 1) throw new PasswordChangeError("currentPassword", v("currentPasswordWrong"));
    const { sessionId, othersEnded: ended } = await rotateSession(user.id, user.sessionId, tx);
    // The same tokens an admin's reset revokes when asked (lib/admin/users.ts).
    const revoked = input.revokeApiTokens ? await revokeApiTokensCreatedBy(user.id, tx) : 0;
    const endpointsOff = input.webhookEndpointsOff ? await input.webhookEndpointsOff(tx) : 0;
    await recordAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email },
      action: "auth.password_change",
      resellerId: user.resellerId,
      after: {
        userId: user.id,
        otherSessionsEnded: ended,
        sessionId,
        ...(input.revokeApiTokens ? { apiTokensRevoked: revoked } : {}),
        ...(input.webhookEndpointsOff ? { webhookEndpointsDisabled: endpointsOff } : {}),
      },
    });
    return { otherSessionsEnded: ended, apiTokensRevoked: revoked, webhookEndpointsDisabled: endpointsOff, sessionId };
  }, PASSWORD_CHANGE_TIMEOUT);
}
