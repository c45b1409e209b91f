// Resellers and their limits, for admins. Every change is audited with before/after.

import { recordAudit } from "@/lib/audit/record-audit";
import { assertAdmin, userActor, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { ResellerLimitsInput } from "./schemas";
import { AdminActionError } from "./users";

export async function listResellers(viewer: Viewer) {
  assertAdmin(viewer);
  return db().reseller.findMany({
    orderBy: { name: "asc" },
    take: 500,
    select: {
      id: true,
      name: true,
      slug: true,
      maxDomains: true,
      maxManagers: true,
      maxServers: true,
      grommunioOrgId: true,
      qboxmailCustomerCode: true,
      qboxmailOutboundLimitId: true,
      _count: { select: { users: true, customers: true } },
    },
  });
}

export async function updateResellerLimits(viewer: Viewer, input: ResellerLimitsInput): Promise<void> {
  assertAdmin(viewer);
  const { resellerId, reason, ...limits } = input;
  await db().$transaction(async (tx) => {
    const before = await tx.reseller.findUnique({
      where: { id: resellerId },
      select: { maxDomains: true, maxManagers: true, maxServers: true },
    });
    // A reseller deleted (or an id typed) since the page loaded: the admin is told, not a generic failure.
    if (!before) throw new AdminActionError("Reseller not found.");
    await tx.reseller.update({ where: { id: resellerId }, data: limits });
    await recordAudit(tx, {
      actor: userActor(viewer),
      action: "admin.reseller.limits",
      resellerId,
      before,
      after: limits,
      reason,
    });
  });
}
