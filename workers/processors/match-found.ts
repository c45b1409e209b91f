// "Found and matching → adopt" (docs/design.md invariant 2). After a lost answer, the lookup by
// natural key can also find a resource that someone else created under the same name in the
// meantime. Before adopting it, the fields that say what was ordered must agree with what this
// order sent; otherwise it is not ours and a person has to look.
import type { OrderKind } from "@/lib/generated/prisma/enums";

// Compared only when the found resource reports them; `sentDefault` is what the upstream applies
// when our request left the field out.
type Identity = { field: string; sentDefault?: string | number };
const IDENTITY: Record<OrderKind, readonly Identity[]> = {
  grommunio_server: [{ field: "extname" }],
  grommunio_domain: [
    { field: "maxUser" },
    { field: "orgID", sentDefault: 0 },
    { field: "title" },
    { field: "adminName" },
    // A soft-deleted domain (3) keeps its name taken: it is never the one we just created.
    { field: "domainStatus", sentDefault: 0 },
  ],
  qboxmail_domain: [{ field: "plan", sentDefault: "basic" }],
  qboxmail_manager: [{ field: "firstname" }, { field: "lastname" }],
};

/** Differences as "field: X upstream, Y ordered"; empty when the found resource matches. */
export function mismatchesOf(kind: OrderKind, sent: Record<string, unknown>, found: unknown): string[] {
  if (!found || typeof found !== "object") return [];
  const upstream = found as Record<string, unknown>;
  const out: string[] = [];
  for (const { field, sentDefault } of IDENTITY[kind]) {
    const theirs = upstream[field];
    const ours = sent[field] ?? sentDefault;
    if (theirs === undefined || theirs === null || ours === undefined || ours === null) continue;
    if (String(theirs) !== String(ours))
      out.push(`${field}: ${JSON.stringify(theirs)} upstream, ${JSON.stringify(ours)} ordered`);
  }
  return out;
}

export function notMatchingMessage(naturalKey: string, differences: string[]): string {
  return `${naturalKey} exists upstream but does not match this order (${differences.join("; ")}), so it was not adopted. Check it by hand.`;
}
