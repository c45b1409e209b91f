// Reading a provider's list a page at a time (docs/upstream/qboxmail.md §8, docs/upstream/grommunio.md §11):
// the rule the lookups and the drift inventory share for a list that ignores its page parameter.

/**
 * Whether a page is the page before it again: its first item is the one the page before began
 * with. In a list sorted the same way on every request, a later page never begins with an earlier
 * page's first item, so a repeat means the provider ignored the page asked for (`page` on
 * Qboxmail, `offset` on grommunio) and answers its first page to every request: reading on can
 * never show anything new, and without that check a reader would read the same page until its
 * page cap.
 */
export function repeatsPreviousPage(firstKey: string | undefined, previousFirstKey: string | undefined): boolean {
  return firstKey !== undefined && firstKey === previousFirstKey;
}
