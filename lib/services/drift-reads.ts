// What the support console reads of the drift check (docs/lifecycle.md "Drift check"): the open
// findings, the last run, one finding, and the customers a resource may be adopted into. Staff
// only; none of it belongs to one reseller, so nothing is scoped by tenant here.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { isUuid } from "@/lib/customers/queries";
import { db } from "@/lib/db";
import { searchText } from "@/lib/forms/control-chars";
import { cursorKeysetPage, decodeCursor } from "@/lib/pagination/cursor";
import { containsText } from "@/lib/search/like-pattern";

/** How many open findings one page shows. */
const FINDINGS_PAGE = 100;
/** Open findings are counted up to this many, then "more than". */
export const FINDINGS_COUNT_CAP = 10_000;

/**
 * The open findings, newest first, a page at a time: keyset on (detected_at, id), since findings
 * of one run may share a millisecond (lib/pagination/cursor.ts). `cursor` reads the page
 * after it, `before` the page before; a cursor that cannot be read gives the first page. A run
 * that finds thousands of differences hides none of them.
 */
export async function listOpenFindings(
  viewer: Viewer,
  opts: { cursor?: string; before?: string; limit?: number } = {},
) {
  assertStaff(viewer);
  const limit = opts.limit ?? FINDINGS_PAGE;
  const after = decodeCursor(opts.cursor);
  const back = after ? undefined : decodeCursor(opts.before);
  const from = after ?? back;
  const than = back ? ("gt" as const) : ("lt" as const);
  const order = back ? ("asc" as const) : ("desc" as const);
  const rows = await db().driftFinding.findMany({
    where: {
      resolvedAt: null,
      ...(from ? { OR: [{ detectedAt: { [than]: from.at } }, { detectedAt: from.at, id: { [than]: from.id } }] } : {}),
    },
    orderBy: [{ detectedAt: order }, { id: order }],
    take: limit + 1,
  });
  // Read oldest first when walking back; the page is shown newest first.
  if (back) rows.reverse();
  return cursorKeysetPage(rows, limit, { after, before: back }, (r) => ({ at: r.detectedAt, id: r.id }));
}

/** How many findings are open, counted up to FINDINGS_COUNT_CAP + 1. */
export async function countOpenFindings(viewer: Viewer): Promise<number> {
  assertStaff(viewer);
  return db().driftFinding.count({ where: { resolvedAt: null }, take: FINDINGS_COUNT_CAP + 1 });
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
  const contains = containsText(q);
  const rows = await db().customer.findMany({
    where: q ? { OR: [{ name: contains }, { reference: contains }, { reseller: { name: contains } }] } : {},
    orderBy: [{ reseller: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
    take: ADOPTION_MATCHES + 1,
    select: { id: true, name: true, reference: true, reseller: { select: { id: true, name: true } } },
  });
  return { rows: rows.slice(0, ADOPTION_MATCHES), more: rows.length > ADOPTION_MATCHES };
}
