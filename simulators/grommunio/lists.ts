// grommunio's list semantics (docs/upstream/grommunio.md §7, tools/DataModel.py): exact case-insensitive text
// filters (two comma-separated values = inclusive range, empty value = nothing), integer sets,
// integer ranges, `match` substring search, `sort`, then `limit` (default 50, empty = all) and
// `offset`. `count` is the total before paging. Unknown parameters are ignored.
type Row = Record<string, unknown>;

export type ListSpec = {
  text: string[]; // exact, case-insensitive
  /** Skip the text filters (the listFiltersIgnored flag): every row matches them. */
  ignoreText?: boolean;
  /** Page from the first row whatever `offset` says (the listOffsetIgnored flag). */
  ignoreOffset?: boolean;
  /** Largest `limit` honoured (the listLimitMax flag; 0 or absent: none). */
  limitMax?: number;
  intSets: string[]; // comma-separated sets
  intRanges: string[]; // one value = exact, two = inclusive range
  /** Rewrites a text filter value before comparing (the domainname filter is IDNA-encoded). */
  rewrite?: Record<string, (value: string) => string>;
};

const ci = (v: unknown) => String(v ?? "").toLowerCase();

function matchesText(value: unknown, filter: string): boolean {
  if (filter === "") return false;
  const parts = filter.split(",");
  if (parts.length === 2) {
    const [lo, hi] = parts.map((p) => p.toLowerCase()) as [string, string];
    return ci(value) >= lo && ci(value) <= hi;
  }
  return ci(value) === filter.toLowerCase();
}

export function listRows<T extends Row>(
  rows: T[],
  query: URLSearchParams,
  spec: ListSpec,
): { data: T[]; count: number } {
  let out = rows.filter((row) => {
    for (const key of spec.ignoreText ? [] : spec.text) {
      const raw = query.get(key);
      if (raw === null) continue;
      const filter = spec.rewrite?.[key] ? spec.rewrite[key](raw) : raw;
      if (!matchesText(row[key], filter)) return false;
    }
    for (const key of spec.intSets) {
      const raw = query.get(key);
      if (raw === null) continue;
      if (!raw.split(",").map(Number).includes(Number(row[key]))) return false;
    }
    for (const key of spec.intRanges) {
      const raw = query.get(key);
      if (raw === null) continue;
      const [lo, hi = lo] = raw.split(",").map(Number) as [number, number?];
      const v = Number(row[key]);
      if (v < lo || v > (hi ?? lo)) return false;
    }
    return true;
  });

  const match = query.get("match");
  if (match) {
    const fields = query.get("matchFields")?.split(",") ?? spec.text;
    const words = match.toLowerCase().split(/\s+/).filter(Boolean);
    out = out.filter((row) => words.every((w) => fields.some((f) => ci(row[f]).includes(w))));
  }

  const sorts = query.getAll("sort").map((s) => s.split(",") as [string, string?]);
  if (sorts.length) {
    out = [...out].sort((a, b) => {
      for (const [field, dir] of sorts) {
        const x = a[field] as string | number;
        const y = b[field] as string | number;
        const cmp = typeof x === "number" && typeof y === "number" ? x - y : ci(x).localeCompare(ci(y));
        if (cmp) return dir === "desc" ? -cmp : cmp;
      }
      return 0;
    });
  }

  const count = out.length;
  const limitRaw = query.get("limit");
  const offset = spec.ignoreOffset ? 0 : Number(query.get("offset") ?? 0) || 0;
  const asked = limitRaw === "" ? undefined : limitRaw === null ? 50 : Number(limitRaw);
  const limit = spec.limitMax ? Math.min(asked ?? spec.limitMax, spec.limitMax) : asked;
  out = out.slice(offset, limit === undefined ? undefined : offset + Math.max(0, limit));
  return { data: out, count };
}

/** `level` query parameter: 0, 1 (default) or 2. */
export function levelOf(query: URLSearchParams): number {
  const raw = query.get("level");
  return raw === null || raw === "" ? 1 : Number(raw);
}

/** A list answer: `{data, count}`, or `{data}` alone under the listCountOmitted flag (the shipped
 * OpenAPI's shape, docs/upstream/grommunio.md §7). */
export function withCount<T>(
  state: { flags: { listCountOmitted: boolean } },
  data: T[],
  count: number,
): { data: T[]; count?: number } {
  return state.flags.listCountOmitted ? { data } : { data, count };
}
