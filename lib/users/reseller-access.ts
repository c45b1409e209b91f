// The reseller a user may act for, looked up with the ownership inside the query: a slug that
// is not the user's own reseller finds nothing.
import { db } from "@/lib/db";
import { hasControlChars } from "@/lib/forms/control-chars";

export type ResellerSummary = { id: string; name: string; slug: string };

export async function findResellerForUser(slug: string, resellerId: string): Promise<ResellerSummary | null> {
  // A slug comes from the address (`/r/%00/...` decodes to U+0000, which Postgres refuses).
  if (slug.length > 200 || hasControlChars(slug)) return null;
  return db().reseller.findFirst({ where: { slug, id: resellerId }, select: { id: true, name: true, slug: true } });
}
