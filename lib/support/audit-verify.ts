// Chain verification started from the audit page (docs/operations.md "Verify the audit chain"):
// the same walk as `npm run audit:verify`, recorded in audit_verification, and the request itself
// written to the audit log, so who checked the chain and when is part of the record it checks.
// While one runs, another press of the button is told so, and starts nothing.
import { recordAudit } from "@/lib/audit/record-audit";
import { VerificationRunning, type VerifyResult, verifyAuditChain } from "@/lib/audit/verify-chain";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { LeaseHeld } from "@/lib/run-lease";

export type PageVerification =
  | { ok: boolean; checkedRows: number; firstBrokenId: string | null }
  /** Another verification was going on: this one was not started (nor recorded as asked). */
  | { running: LeaseHeld };

export async function verifyChainFromPage(viewer: Viewer): Promise<PageVerification> {
  assertStaff(viewer);
  let result: VerifyResult;
  try {
    result = await verifyAuditChain({ record: true, startedBy: viewer.email ?? viewer.name ?? null });
  } catch (err) {
    if (err instanceof VerificationRunning) return { running: err.held };
    throw err;
  }
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
