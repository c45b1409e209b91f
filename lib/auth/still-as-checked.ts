// The write of an account step whose effect outlives the session that takes it (an API token, a
// webhook endpoint or its new signing secret, turning an endpoint back on) happens only while what the request checked still
// holds: the password it verified is still the account's, the session it came in is not ended and
// the account is not disabled. A password change or an admin's reset that revokes the tokens and
// turns the endpoints off would otherwise miss a token or endpoint written just after its
// statements looked (docs/security.md "Passwords"), as createSignInSession (sign-in-session.ts)
// would miss a session.
import type { Prisma } from "@/lib/db";
import { v } from "@/lib/i18n/validation";

/** What a request checked before its write. */
type CheckedAccount = {
  userId: string;
  /** The session the request came in; left out where there is none (scripts, the API's own tests). */
  sessionId?: string;
  /** The hash the typed current password was verified against; left out when none was asked. */
  passwordHash?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Run first in the write's own transaction: the refusal's sentence when the account moved on since
 * the request's check, or undefined when the write may go on.
 * The user row and then the session row are read FOR SHARE, the order in which a password change
 * and an admin's reset or disable write them (lib/auth/change-password.ts, lib/admin/users.ts),
 * so no two of them wait on each other in a cycle. A change that committed first is seen here;
 * one that comes later waits for this transaction at its update of the user row, and its
 * revocation of tokens and its turning off of endpoints, which follow that update, then see what
 * this one wrote.
 */
export async function accountMovedOn(
  tx: Prisma.TransactionClient,
  checked: CheckedAccount,
  /** What was held back: a new token or endpoint ("nothing was created"), or a change of one. */
  refused: "created" | "changed" = "created",
): Promise<string | undefined> {
  const refusal = v(refused === "created" ? "accountChangedSignInAgain" : "accountChangedNothingChanged");
  const [user] = await tx.$queryRaw<{ password_hash: string; disabled: boolean }[]>`
    SELECT password_hash, disabled_at IS NOT NULL AS disabled FROM app_user WHERE id = ${checked.userId}::uuid FOR SHARE`;
  if (!user || user.disabled) return refusal;
  if (checked.passwordHash !== undefined && user.password_hash !== checked.passwordHash) return refusal;
  if (checked.sessionId === undefined) return undefined;
  if (!UUID.test(checked.sessionId)) return refusal;
  const [session] = await tx.$queryRaw<{ live: boolean }[]>`
    SELECT revoked_at IS NULL AS live FROM user_session
    WHERE id = ${checked.sessionId}::uuid AND user_id = ${checked.userId}::uuid FOR SHARE`;
  return session?.live ? undefined : refusal;
}
