// Chain verification started from the audit page (docs/operations.md "Verify the audit chain"):
// the same walk as `npm run audit:verify`, recorded in audit_verification, and the request itself
// written to the audit log, so who checked the chain and when is part of the record it checks.
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";

export type PageVerification = { ok: boolean; checkedRows: number; firstBrokenId: string | null };

export async function verifyChainFromPage(viewer: Viewer): Promise<PageVerification> {
  assertStaff(viewer);
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
