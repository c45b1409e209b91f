// GET /api/domains and /api/managers: page/per/query and the pagination envelope (docs/upstream/qboxmail.md §4).
// `query` is a case-insensitive substring search, so a search for a.com also returns aa.com:
// clients must match exactly themselves. With `caseSensitive` it minds case too (the contract
// leaves how it matches open).
import type { SimRequest } from "../common/types";

export type ListOptions<T = Record<string, unknown>> = {
  maxPer: number;
  emptyListNotFound: boolean;
  /** Answer `{resources}` alone, without the pagination block (a client must still page on). */
  withoutPagination: boolean;
  /** Answer page 1 whatever `page` asks for (`per` still honoured): a list that ignores `page`. */
  pageIgnored: boolean;
  /** `query` matches only as typed, case and all: "shop.it" does not find "Shop.IT". */
  caseSensitive: boolean;
  /** Answer the page as a bare JSON array, without `resources` or pagination (an empty list as 200 `[]`). */
  bareArray: boolean;
  /** What a row shows of an item (the whole item by default): a list may show fewer fields than GET. */
  row?: (item: T) => Record<string, unknown>;
};

export function listPage<T extends Record<string, unknown>>(
  req: SimRequest,
  items: T[],
  searchable: (item: T) => string[],
  sortField: string,
  opts: ListOptions<T>,
) {
  const page = opts.pageIgnored ? 1 : positiveInt(req.query.get("page"), 1);
  const per = Math.min(positiveInt(req.query.get("per"), 25), opts.maxPer);
  const query = req.query.get("query")?.trim() || null;
  const fold = (s: string) => (opts.caseSensitive ? s : s.toLowerCase());
  const needle = query === null ? undefined : fold(query);
  const matching = items
    .filter((item) => !needle || searchable(item).some((s) => fold(s).includes(needle)))
    .sort(
      (a, b) =>
        String(a[sortField]).localeCompare(String(b[sortField])) || String(a.code).localeCompare(String(b.code)),
    );
  const resources = matching.slice((page - 1) * per, page * per).map((item) => (opts.row ? opts.row(item) : item));
  if (resources.length === 0 && opts.emptyListNotFound)
    return { status: 404, body: { message: "Not found", errors: [] } };
  const pagination = {
    per,
    page,
    total_pages: Math.max(1, Math.ceil(matching.length / per)),
    query,
    filter: null,
    status: null,
    sort_field: sortField,
    sort: "asc",
    total_records: matching.length,
  };
  if (opts.bareArray) return { status: 200, body: resources };
  return { status: 200, body: opts.withoutPagination ? { resources } : { resources, pagination } };
}

function positiveInt(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return raw !== null && Number.isInteger(n) && n >= 1 ? n : fallback;
}
