// Role checks for the support console's lib functions (docs/design.md invariant 7). Pages and actions
// also call requireRole(); these checks sit in the code that reads and writes data so that a
// forgotten page guard still answers "not found", never another role's data.
import { notFound } from "next/navigation";
import type { Role } from "@/lib/generated/prisma/enums";

/** The few facts about the signed-in person that support code needs. */
export type Viewer = { id: string; role: Role; email?: string | null; name?: string | null };

const STAFF: readonly Role[] = ["support", "admin"];

/** support or admin; anyone else gets Next's not-found (404), the same answer as a missing page. */
export function assertStaff(viewer: Viewer | null | undefined): asserts viewer is Viewer {
  if (!viewer || !STAFF.includes(viewer.role)) notFound();
}

export function assertAdmin(viewer: Viewer | null | undefined): asserts viewer is Viewer {
  if (viewer?.role !== "admin") notFound();
}

/** How a person appears in audit rows: id plus a readable label, never anything secret. */
export function actorLabel(viewer: Viewer): string {
  return viewer.email ?? viewer.name ?? viewer.id;
}
