// Choices the order form's pickers offer from what the reseller already has, searched on the
// server so they scale to thousands (docs/order-form.md "Pickers"). The pipeline checks the
// submitted values itself (order-checks.ts, usable-servers.ts), so these lists are hints, not guards.
import { db } from "@/lib/db";

export type Option = { value: string; label: string; customerId: string };

export type DomainOptionQuery = {
  /** Part of the domain name (Unicode or ASCII) or the exact domain code. */
  search?: string;
  customerId?: string;
  /** Only domains of `customerId` (the form's default view). */
  onlyCustomer?: boolean;
  /** Codes to return whatever the search (the ones already chosen, for their labels). */
  codes?: string[];
  limit?: number;
  /** The `next` cursor of the previous page: the domains after it. */
  after?: string;
};

export type DomainOptionPage = { options: Option[]; next: string | null };

const MAX_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Live Qboxmail domain services of this reseller: the codes a manager may be given. */
export async function qboxmailDomainCodeOptions(resellerId: string, query: DomainOptionQuery = {}): Promise<Option[]> {
  return (await qboxmailDomainPage(resellerId, query)).options;
}

// A page's position is the (display name, id) of its last domain, a keyset cursor: the next page
// walks the (reseller_id, display_name, id) index from there, never skipping rows (docs/order-form.md).
function readCursor(after: unknown): { l: string; id: string } | null {
  if (typeof after !== "string" || after.length > 600) return null;
  try {
    const c = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as { l?: unknown; id?: unknown };
    return typeof c.l === "string" && !c.l.includes("\0") && typeof c.id === "string" && UUID.test(c.id)
      ? { l: c.l, id: c.id }
      : null;
  } catch {
    return null;
  }
}

/** One page of qboxmailDomainCodeOptions, with the cursor of the next page (null on the last). */
export async function qboxmailDomainPage(resellerId: string, query: DomainOptionQuery = {}): Promise<DomainOptionPage> {
  // Read defensively: the values come from a query string and may be anything.
  // Postgres text cannot hold NUL: such a search or code would otherwise be a database error.
  const search = typeof query.search === "string" ? query.search.replace(/\0/g, "").trim().slice(0, 100) : "";
  const customerId = typeof query.customerId === "string" && UUID.test(query.customerId) ? query.customerId : undefined;
  const codes = Array.isArray(query.codes)
    ? query.codes.filter((c) => typeof c === "string" && !c.includes("\0")).slice(0, MAX_LIMIT)
    : [];
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 50)), MAX_LIMIT);
  const cursor = readCursor(query.after);
  const base = { resellerId, kind: "qboxmail_domain", status: "active" } as const;
  const [found, chosen] = await Promise.all([
    db().service.findMany({
      where: {
        ...base,
        ...(query.onlyCustomer ? { customerId: customerId ?? "00000000-0000-0000-0000-000000000000" } : {}),
        AND: [
          search
            ? {
                OR: [
                  { displayName: { contains: search, mode: "insensitive" } },
                  { naturalKey: { contains: search.toLowerCase() } },
                  { upstreamRef: search },
                ],
              }
            : {},
          cursor ? { OR: [{ displayName: { gt: cursor.l } }, { displayName: cursor.l, id: { gt: cursor.id } }] } : {},
        ],
      },
      orderBy: [{ displayName: "asc" }, { id: "asc" }],
      select: { id: true, displayName: true, upstreamRef: true, customerId: true },
      take: limit + 1,
    }),
    // The chosen ones travel with the first page only.
    codes.length && !cursor
      ? db().service.findMany({
          where: { ...base, upstreamRef: { in: codes } },
          select: { id: true, displayName: true, upstreamRef: true, customerId: true },
        })
      : [],
  ]);
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const seen = new Set<string>();
  return {
    options: [...chosen, ...page]
      .filter((r) => !seen.has(r.upstreamRef) && seen.add(r.upstreamRef))
      .map((r) => ({ value: r.upstreamRef, label: `${r.displayName} (${r.upstreamRef})`, customerId: r.customerId })),
    next:
      found.length > limit && last
        ? Buffer.from(JSON.stringify({ l: last.displayName, id: last.id }), "utf8").toString("base64url")
        : null,
  };
}
