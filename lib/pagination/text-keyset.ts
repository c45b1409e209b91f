// Keyset pages over a unique text column read in ascending order (a reseller's customers by name,
// the users by e-mail): `after` is the last key of the previous page, `before` the first key of the
// next one (the "previous" link, read backwards and turned round). Never an OFFSET: a deep page
// costs what the first one costs.
import { hasControlChars } from "@/lib/forms/control-chars";

export type TextKeys = { after?: string; before?: string };

/**
 * The keys as a query may use them: one direction only, and a key with control characters (a
 * hand-edited address; Postgres refuses U+0000) dropped, so the list starts again from the top.
 */
export function cleanTextKeys({ after, before }: TextKeys): TextKeys {
  if (after && !hasControlChars(after)) return { after };
  if (before && !hasControlChars(before)) return { before };
  return {};
}

/** The key column's condition and the order to read in, for `keys` from cleanTextKeys. */
export function textKeysetQuery({ after, before }: TextKeys) {
  return {
    bound: after ? { gt: after } : before ? { lt: before } : undefined,
    order: before ? ("desc" as const) : ("asc" as const),
  };
}

/**
 * One page from the `limit + 1` rows read by textKeysetQuery, in ascending order, with the keys of
 * the next and previous pages when there are such pages.
 */
export function textKeysetPage<T>(
  rows: T[],
  key: (row: T) => string,
  limit: number,
  { after, before }: TextKeys,
): { rows: T[]; nextAfter?: string; prevBefore?: string } {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (before) {
    page.reverse();
    const first = page[0];
    const last = page.at(-1);
    return {
      rows: page,
      nextAfter: last ? key(last) : undefined,
      prevBefore: more && first ? key(first) : undefined,
    };
  }
  const first = page[0];
  const last = page.at(-1);
  return {
    rows: page,
    nextAfter: more && last ? key(last) : undefined,
    prevBefore: after && first ? key(first) : undefined,
  };
}
