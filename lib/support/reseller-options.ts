// The reseller choices of the staff pages: the support order list's and audit log's reseller
// filters and the admin's new-user form. A select while the installation has at most
// RESELLER_OPTIONS resellers; beyond, a search (resellerPickerPage), so that no reseller is out
// of reach however many there are (docs/design.md, the lists' principle).

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { isUuid } from "@/lib/customers/queries";
import { db, Prisma, sqlRows } from "@/lib/db";
import { cleanTextKeys, textKeysetPage, textKeysetQuery } from "@/lib/pagination/text-keyset";
import { resellerSearchWhere } from "@/lib/search/reseller-search";

/** How many resellers a select lists; beyond, a search. */
const RESELLER_OPTIONS = 500;
/** How many resellers one page of the search offers. */
const RESELLER_PICKER_PAGE = 50;

type ResellerOption = { value: string; label: string };

/**
 * The resellers by name for a select, while there are at most `cap`; beyond, `searchable` and only
 * the reseller `include` names (a filter's current value), if there is one. Plain SQL, no ORM call:
 * it runs on every support list request (docs/benchmarks/pages.md "Pages: the support list's rows").
 */
export async function resellerChoices(
  viewer: Viewer,
  { include, cap = RESELLER_OPTIONS }: { include?: string; cap?: number } = {},
): Promise<{ searchable: boolean; options: ResellerOption[] }> {
  assertStaff(viewer);
  const rows = await sqlRows<{ id: string; name: string }>(
    Prisma.sql`SELECT id, name FROM reseller ORDER BY name ASC LIMIT ${cap + 1}`,
  );
  const searchable = rows.length > cap;
  const listed = !searchable
    ? rows
    : include && isUuid(include)
      ? await sqlRows<{ id: string; name: string }>(
          Prisma.sql`SELECT id, name FROM reseller WHERE id = ${include}::uuid`,
        )
      : [];
  return { searchable, options: listed.map((r) => ({ value: r.id, label: r.name })) };
}

/**
 * One page of the reseller search: the resellers whose name or slug holds `q` (any case), by slug
 * (unique, so a keyset), after the slug `after`; each labelled by its name, with its slug.
 */
export async function resellerPickerPage(viewer: Viewer, { q, after }: { q?: string; after?: string }) {
  assertStaff(viewer);
  const keys = cleanTextKeys({ after });
  const { bound } = textKeysetQuery(keys);
  const rows = await db().reseller.findMany({
    where: resellerSearchWhere(q, bound),
    orderBy: { slug: "asc" },
    take: RESELLER_PICKER_PAGE + 1,
    select: { id: true, name: true, slug: true },
  });
  const page = textKeysetPage(rows, (r) => r.slug, RESELLER_PICKER_PAGE, keys);
  return {
    options: page.rows.map((r) => ({ value: r.id, label: r.name, detail: r.slug })),
    next: page.nextAfter ?? null,
  };
}
