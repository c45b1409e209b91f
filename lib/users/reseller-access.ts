// The reseller a user may act for, looked up with the ownership inside the query: a slug that
// is not the user's own reseller finds nothing.
import { db } from "@/lib/db";

export type ResellerSummary = { id: string; name: string; slug: string };

export function findResellerForUser(slug: string, resellerId: string): Promise<ResellerSummary | null> {
  return db().reseller.findFirst({ where: { slug, id: resellerId }, select: { id: true, name: true, slug: true } });
}
