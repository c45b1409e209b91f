// Chain verification started from the audit page (docs/operations.md "Verify the audit chain"):
// the same walk as `npm run audit:verify`, recorded in audit_verification, and the request itself
// written to the audit log, so who checked the chain and when is part of the record it checks.
import { whileHolding } from "@/lib/advisory-lock";
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";

export type PageVerification =
  | { ok: boolean; checkedRows: number; firstBrokenId: string | null }
  /** Another person's verification from the page is still walking the log. */
  | "alreadyRunning";

export async function verifyChainFromPage(viewer: Viewer): Promise<PageVerification> {
  assertStaff(viewer);
  // One walk from the page at a time: each reads the whole log on the primary, and two people (or
  // two tabs) pressing the button would otherwise walk it side by side. The lock is the session's,
  // so a web process that dies mid-walk frees it.
  const walked = await whileHolding("audit-verify:page", () => walkAndRecord(viewer));
  return walked ?? "alreadyRunning";
}

async function walkAndRecord(viewer: Viewer): Promise<Exclude<PageVerification, "alreadyRunning">> {
  const result = await verifyAuditChain({ record: true });
  await recordAudit(db(), {
    actor: { type: "user", id: viewer.id, label: viewer.email ?? undefined },
    action: "audit.chain_verified",
    after: {
      ok: result.ok,
      checkedRows: result.checkedRows,
      firstBrokenId: result.firstBrokenId?.toString() ?? null,
    },
  });
  return { ok: result.ok, checkedRows: result.checkedRows, firstBrokenId: result.firstBrokenId?.toString() ?? null };
}
