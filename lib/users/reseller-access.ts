// The reseller a user may act for, looked up with the ownership inside the query: a slug that
// is not the user's own reseller finds nothing.
import { cache } from "react";
import { db } from "@/lib/db";
import { hasControlChars } from "@/lib/forms/control-chars";

export type ResellerSummary = { id: string; name: string; slug: string };

// Cached per request: the layout, the page and its metadata each check access with the same
// slug and user (docs/benchmarks/pages.md "Pages: the fixed cost of a request").
export const findResellerForUser = cache(async function findResellerForUser(
  slug: string,
  resellerId: string,
): Promise<ResellerSummary | null> {
  // A slug comes from the address (`/r/%00/...` decodes to U+0000, which Postgres refuses).
  if (slug.length > 200 || hasControlChars(slug)) return null;
  return db().reseller.findFirst({ where: { slug, id: resellerId }, select: { id: true, name: true, slug: true } });
});
