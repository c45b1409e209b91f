// LIKE patterns for the search boxes (docs/search.md): the term NFC-normalized and lower-cased,
// with `%`, `_` and `\` taken literally, so a person's `50%_off` is searched as typed.

/** The term with LIKE's wildcards and escape character escaped. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** The LIKE pattern for "anywhere in": NFC, lower-cased, wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${escapeLike(term.normalize("NFC").trim().toLowerCase())}%`;
}

/**
 * A Prisma `contains` filter, in any case, that finds the text as typed: Prisma passes the text to
 * LIKE unescaped, so `ACME_01` would also find "ACME-01" and a backslash find nothing.
 */
export function containsText(search: string) {
  return { contains: escapeLike(search), mode: "insensitive" as const };
}
