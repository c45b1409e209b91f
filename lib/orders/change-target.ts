// A change order acts on its service's resource at the provider, and that resource is the
// service's to act on only while the service is live: one live owner per upstream resource
// (docs/reliability.md "One resource, one owner"). A service a reseller deleted softly may see its domain
// restored at grommunio and adopted by support as another service, with the same upstream ID;
// a purge of the old service, or an old failed change of it sent again, would then act on the new
// service's domain. Checked when the order is placed (after its insert, with the service's row
// share-locked, as place-change.ts explains) and when support sends a failed one again: before the
// order's own update unlocked (a lock there would be taken before the order row's, the reverse of
// the worker's outcome), and again after it with the row share-locked, so a mark gone or re-create
// of the service cannot slip in between (reopenedTargetLocked in reopening-guard.ts).
import { Prisma } from "@/lib/db";
import type { Rows } from "./server-retirement";

export type ChangeTargetProblem =
  /** The service is no longer in a state this order acts on (ended, or deleted for a non-purge). */
  | { ended: true }
  /** Another live service holds the same resource: the order would act on that one's. */
  | { heldBy: string };

/** `purge`: a purge acts on a live service or on one deleted softly; every other change on a live one. */
export async function changeTargetProblem(
  sql: Rows,
  serviceId: string,
  purge: boolean,
  lock: "share" | "none",
): Promise<ChangeTargetProblem | undefined> {
  const [row] = await sql<{ status: string; held_by: string | null }>(Prisma.sql`
    SELECT s.status::text AS status,
           (SELECT o.id::text FROM service o
             WHERE o.kind = s.kind AND o.upstream_ref = s.upstream_ref AND o.status = 'active' AND o.id <> s.id
             LIMIT 1) AS held_by
      FROM service s WHERE s.id = ${serviceId}::uuid ${lock === "share" ? Prisma.sql`FOR SHARE OF s` : Prisma.empty}`);
  if (!row || !(purge ? ["active", "deleted"] : ["active"]).includes(row.status)) return { ended: true };
  return row.held_by ? { heldBy: row.held_by } : undefined;
}
