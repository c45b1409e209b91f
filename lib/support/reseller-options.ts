// Reseller names for the support filters.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";

export async function resellerOptions(viewer: Viewer): Promise<Array<{ id: string; name: string }>> {
  assertStaff(viewer);
  return db().reseller.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 });
}
