// Resellers and their limits, for admins. Every change is audited with before/after.

import { recordAudit } from "@/lib/audit/record-audit";
import { assertAdmin, userActor, type Viewer } from "@/lib/auth/session";
import { db, type Prisma } from "@/lib/db";
import { nextRowVersion } from "@/lib/forms/row-version";
import { said } from "@/lib/i18n/sentences";
import { cleanTextKeys, textKeysetPage, textKeysetQuery } from "@/lib/pagination/text-keyset";
import { resellerSearchWhere } from "@/lib/search/reseller-search";
import type { ResellerLimitsInput } from "./schemas";
import { AdminActionError } from "./users";

const RESELLER_PAGE_SIZE = 50;

/**
 * The resellers by slug, a page at a time (keyset on the unique slug: lib/pagination/text-keyset.ts),
 * with `q` matching a fragment of the name or the slug in any case; a search with control
 * characters is ignored, as on the other lists.
 */
export async function listResellers(
  viewer: Viewer,
  {
    q,
    after,
    before,
    limit = RESELLER_PAGE_SIZE,
  }: { q?: string; after?: string; before?: string; limit?: number } = {},
) {
  assertAdmin(viewer);
  const keys = cleanTextKeys({ after, before });
  const { bound, order } = textKeysetQuery(keys);
  const rows = await db().reseller.findMany({
    where: resellerSearchWhere(q, bound),
    orderBy: { slug: order },
    take: limit + 1,
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
      // The version each form sends back (lib/admin/schemas.ts seenUpdatedAt).
      updatedAt: true,
      _count: { select: { users: true, customers: true } },
    },
  });
  return textKeysetPage(rows, (r) => r.slug, limit, keys);
}

/**
 * The reseller's row, locked until the transaction ends, once it is the version the admin's page
 * showed (`seen`, its updatedAt): a reseller deleted or changed since is refused with a sentence
 * saying so, so a page of any age cannot write its old values back over a newer save. Returns
 * the updatedAt to write (lib/forms/row-version.ts).
 */
export async function lockSeenReseller(
  tx: Prisma.TransactionClient,
  resellerId: string,
  seen: Date | null,
): Promise<Date> {
  const [row] = await tx.$queryRaw<Array<{ updated_at: Date }>>`
    SELECT updated_at FROM reseller WHERE id = ${resellerId}::uuid FOR UPDATE`;
  // A reseller deleted (or an id typed) since the page loaded: the admin is told, not a generic failure.
  if (!row) throw new AdminActionError(said("resellerGone"));
  if (seen?.getTime() !== row.updated_at.getTime())
    throw new AdminActionError(said("resellerChangedMeanwhile"), undefined, true);
  return nextRowVersion(row.updated_at);
}

export async function updateResellerLimits(viewer: Viewer, input: ResellerLimitsInput): Promise<void> {
  assertAdmin(viewer);
  const { resellerId, reason, updatedAt: seen, ...limits } = input;
  await db().$transaction(async (tx) => {
    const updatedAt = await lockSeenReseller(tx, resellerId, seen);
    const before = await tx.reseller.findUniqueOrThrow({
      where: { id: resellerId },
      select: { maxDomains: true, maxManagers: true, maxServers: true },
    });
    await tx.reseller.update({ where: { id: resellerId }, data: { ...limits, updatedAt } });
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
