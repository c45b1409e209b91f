// The tokens a support page sends with a drift finding's dismissal and adoption
// (lib/services/drift-seen.ts), made from the finding and its resource as they are now, as the
// page that shows them would.
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { adoptFinding, readFindingResource } from "@/lib/services/drift-actions";
import { findingSeen, identitySeen } from "@/lib/services/drift-seen";

export async function seenOf(findingId: string): Promise<string> {
  const f = await db().driftFinding.findUniqueOrThrow({ where: { id: findingId }, select: { details: true } });
  return findingSeen(f.details);
}

/** The token of the identity the adoption page shows for a finding's resource, read now as the page reads it. */
export async function identitySeenOf(viewer: Viewer, findingId: string): Promise<string> {
  const f = await db().driftFinding.findUniqueOrThrow({ where: { id: findingId } });
  const now = await readFindingResource(viewer, f);
  return now.state === "found" ? identitySeen(now.identity, now.owner?.resellerId ?? null) : "";
}

/** An adoption as the adoption page sends it: with the token of the identity it read just now. */
export async function adoptAsPageWould(viewer: Viewer, findingId: string, customerId: string, reason: unknown) {
  return adoptFinding(viewer, findingId, customerId, reason, await identitySeenOf(viewer, findingId));
}
