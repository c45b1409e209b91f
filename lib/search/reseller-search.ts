// The resellers' search, as the admin's reseller list and the staff pages' reseller picker both
// ask it: a fragment of the name or the slug, in any case, read by slug (unique, so a keyset:
// lib/pagination/text-keyset.ts). A search with control characters is ignored, as on the other lists.
import type { Prisma } from "@/lib/db";
import { searchText } from "@/lib/forms/control-chars";
import { containsText } from "./like-pattern";

/** The resellers matching `q`, past the slug bound of textKeysetQuery when there is one. */
export function resellerSearchWhere(
  q: string | undefined,
  slugBound: { gt: string } | { lt: string } | undefined,
): Prisma.ResellerWhereInput {
  const search = searchText(q);
  const contains = containsText(search);
  return {
    ...(search ? { OR: [{ name: contains }, { slug: contains }] } : {}),
    ...(slugBound ? { slug: slugBound } : {}),
  };
}
