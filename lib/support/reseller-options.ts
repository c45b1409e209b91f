// Reseller names for the support filters.
import { db } from "@/lib/db";
import { assertStaff, type Viewer } from "./guard";

export async function resellerOptions(viewer: Viewer): Promise<Array<{ id: string; name: string }>> {
  assertStaff(viewer);
  return db().reseller.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 });
}
