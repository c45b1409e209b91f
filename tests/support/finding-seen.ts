// The token a support page sends with a drift finding's dismissal (lib/services/drift-seen.ts),
// made from the finding as it is now, as the page that shows it would.
import { db } from "@/lib/db";
import { findingSeen } from "@/lib/services/drift-seen";

export async function seenOf(findingId: string): Promise<string> {
  const f = await db().driftFinding.findUniqueOrThrow({ where: { id: findingId }, select: { details: true } });
  return findingSeen(f.details);
}
