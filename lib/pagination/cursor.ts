// Keyset cursors for (created_at DESC, id DESC) lists: opaque to the browser, checked on the way
// back in, never an OFFSET (docs/design.md#budgets: deep pages must cost what the first page costs).
export type Cursor = { at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`, "utf8").toString("base64url");
}

/**
 * A tampered or stale cursor yields undefined: the list starts again from the top. Its time must
 * fall in the years 1000–9999: JavaScript holds dates far beyond, written "+275760-09-13…",
 * which the lists' SQL would cast to a timestamptz and Postgres refuse.
 */
export function decodeCursor(raw: string | undefined | null): Cursor | undefined {
  if (!raw) return undefined;
  const [iso, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (Number.isNaN(at.getTime()) || !id || !UUID.test(id)) return undefined;
  const year = at.getUTCFullYear();
  if (year < 1000 || year > 9999) return undefined;
  // Only a cursor a list gave out, as it gave it: the decoding above skips what it cannot read
  // and takes any date text, so an edited one ("2026-12-01|…|x") would read as another place.
  return encodeCursor({ at, id }) === raw ? { at, id } : undefined;
}

export type CursorPage<T> = { rows: T[]; nextCursor: string | null; prevCursor: string | null };

/**
 * One page from the `limit + 1` rows a list read next to its cursor, given newest first. The extra
 * row only says that another page lies that way: walking back (`before`) it is the newest row,
 * walking forwards (`after`, or from the top) the oldest. The cursors of the next and previous
 * pages are set only when such a page exists.
 */
export function cursorKeysetPage<T>(
  rows: T[],
  limit: number,
  { after, before }: { after?: Cursor | null; before?: Cursor | null },
  cursorOf: (row: T) => Cursor,
): CursorPage<T> {
  const more = rows.length > limit;
  const page = more ? (before ? rows.slice(1) : rows.slice(0, limit)) : rows;
  const first = page[0];
  const last = page.at(-1);
  const key = (row: T | undefined) => (row ? encodeCursor(cursorOf(row)) : null);
  if (before) return { rows: page, nextCursor: key(last), prevCursor: more ? key(first) : null };
  return { rows: page, nextCursor: more ? key(last) : null, prevCursor: after ? key(first) : null };
}
