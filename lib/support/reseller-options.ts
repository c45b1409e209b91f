// Reseller names for the support filters.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { Prisma, sqlRows } from "@/lib/db";

/** On every support list request: plain SQL, no ORM call (docs/benchmarks.md "Pages: the support list's rows"). */
export async function resellerOptions(viewer: Viewer): Promise<Array<{ id: string; name: string }>> {
  assertStaff(viewer);
  return sqlRows<{ id: string; name: string }>(Prisma.sql`SELECT id, name FROM reseller ORDER BY name ASC LIMIT 500`);
}
