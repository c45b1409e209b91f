// Sessions a user ends from the My sessions page, and their audit event.
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { revokeSession, type SessionUser } from "./sessions";

/**
 * Ends one of the user's other sessions ("Sign out" on My sessions) and audits it. The session in
 * use is never ended here (the page says to use Sign out at the top): the id is compared in lower
 * case, since a uuid matches in Postgres whatever its case. Another user's id matches nothing.
 */
export async function signOutOtherSession(
  user: Pick<SessionUser, "id" | "email" | "resellerId" | "sessionId">,
  sessionId: string,
): Promise<"current" | "ended" | "endedAlready"> {
  const id = sessionId.toLowerCase();
  if (id === user.sessionId.toLowerCase()) return "current";
  if (!(await revokeSession(user.id, id))) return "endedAlready";
  await recordSessionRevoke(user, [id]);
  return "ended";
}

export async function recordSessionRevoke(
  user: Pick<SessionUser, "id" | "email" | "resellerId" | "sessionId">,
  which: string[] | "others",
): Promise<void> {
  await recordAudit(db(), {
    actor: { type: "user", id: user.id, label: user.email },
    action: "auth.session_revoke",
    resellerId: user.resellerId,
    after: { userId: user.id, fromSessionId: user.sessionId, ended: which },
  });
}
