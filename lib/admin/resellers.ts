// Resellers and their limits, for admins. Every change is audited with before/after.

import { recordAudit } from "@/lib/audit/record-audit";
import { assertAdmin, userActor, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
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
      _count: { select: { users: true, customers: true } },
    },
  });
  return textKeysetPage(rows, (r) => r.slug, limit, keys);
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
    if (!before) throw new AdminActionError(said("resellerGone"));
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
