// A paged, searchable list's address: the search text and the keyset cursors it carries, and the
// first / previous / next links that keep the search. Shared by every list paged by a text key
// (lib/pagination/text-keyset.ts) so that each reads and writes its address the same way.
import type { TextKeys } from "./text-keyset";

export type SearchParams = Record<string, string | string[] | undefined>;

/** A parameter given once; a repeated one (`?q=a&q=b`) counts as absent. */
export function oneParam(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  return typeof v === "string" ? v : undefined;
}

/**
 * A request's query read as Next hands a page its searchParams (a repeated key holds all its
 * values), so an export reads the same address exactly as the list it exports does.
 */
export function searchParamsOf(url: string): SearchParams {
  const sp: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(url).searchParams) {
    const had = sp[key];
    sp[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return sp;
}

export type ListAddress = TextKeys & { q?: string };

/**
 * The search and cursors of a list page, each cut to a length no real one reaches, so a
 * hand-made address cannot send a megabyte of text to the database. Control characters are
 * dropped later, by the reads (searchText, cleanTextKeys).
 */
export function readListAddress(sp: SearchParams): ListAddress {
  return {
    q: oneParam(sp, "q")?.slice(0, 100),
    after: oneParam(sp, "after")?.slice(0, 300),
    before: oneParam(sp, "before")?.slice(0, 300),
  };
}

/** The pagination links for a page read at `address`, each keeping its search. */
export function listLinks(
  base: string,
  { q, after, before }: ListAddress,
  { nextAfter, prevBefore }: { nextAfter?: string; prevBefore?: string },
) {
  const href = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), ...extra })}`;
  return {
    firstHref: after || before ? href({}) : undefined,
    prevHref: prevBefore ? href({ before: prevBefore }) : undefined,
    nextHref: nextAfter ? href({ after: nextAfter }) : undefined,
  };
}
