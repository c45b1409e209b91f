// What the support console reads of the drift check (docs/lifecycle.md "Drift"): the open
// findings, the last run, one finding, and the customers a resource may be adopted into. Staff
// only; none of it belongs to one reseller, so nothing is scoped by tenant here.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { isUuid } from "@/lib/customers/queries";
import { db } from "@/lib/db";
import { searchText } from "@/lib/forms/control-chars";

/** The open findings, newest first, as many as one page shows. */
export async function listOpenFindings(viewer: Viewer) {
  assertStaff(viewer);
  return db().driftFinding.findMany({ where: { resolvedAt: null }, orderBy: { detectedAt: "desc" }, take: 200 });
}

export async function lastDriftRun(viewer: Viewer) {
  assertStaff(viewer);
  return db().driftRun.findFirst({ orderBy: { startedAt: "desc" } });
}

/** One finding, open or closed (the adoption page says what became of a closed one), or null. */
export async function findingById(viewer: Viewer, id: string) {
  assertStaff(viewer);
  if (!isUuid(id)) return null;
  return db().driftFinding.findUnique({ where: { id } });
}

/** How many customers the adoption page lists at most; a longer list is narrowed by a search. */
export const ADOPTION_MATCHES = 50;

/**
 * Customers a resource may be adopted into, labelled by reseller: those whose name, reference or
 * reseller's name holds `search` (any case), in reseller then customer order, at most
 * ADOPTION_MATCHES of them, and whether there are more. An empty search lists the first ones.
 * A plain scan of the customers: adopting is rare and support-only, so no index is kept for it.
 */
export async function adoptionCustomers(viewer: Viewer, search = "") {
  assertStaff(viewer);
  const q = searchText(search);
  const contains = { contains: q, mode: "insensitive" as const };
  const rows = await db().customer.findMany({
    where: q ? { OR: [{ name: contains }, { reference: contains }, { reseller: { name: contains } }] } : {},
    orderBy: [{ reseller: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
    take: ADOPTION_MATCHES + 1,
    select: { id: true, name: true, reference: true, reseller: { select: { name: true } } },
  });
  return { rows: rows.slice(0, ADOPTION_MATCHES), more: rows.length > ADOPTION_MATCHES };
}
