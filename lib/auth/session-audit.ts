// Audit event for sessions a user ended from the My sessions page.
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { SessionUser } from "./sessions";

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
