// The reseller's order history as the pages use it: URL filters parsed leniently, a search term
// in any spelling of a name, rows shaped for the order tables. The query itself is the
// pipeline's keyset walk (lib/orders/queries): scoped by reseller, no OFFSET, no count.
import punycode from "punycode/punycode.js";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { listOrdersForReseller } from "@/lib/orders/queries/list-orders-for-reseller";
import { isOrderKindValue, isOrderStatus } from "@/lib/orders/vocabulary";

export type ResellerOrderFilters = {
  status?: string;
  kind?: string;
  customerId?: string;
  q?: string;
  cursor?: string;
  limit?: number;
};

export type ResellerOrderRow = {
  id: string;
  kind: string;
  status: string;
  displayName: string;
  upstreamRef: string | null;
  createdAt: Date;
  customer: { id: string; name: string };
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters from the URL; an unknown value drops that filter rather than failing the page. */
export function parseOrderFilters(sp: Record<string, string | string[] | undefined>): ResellerOrderFilters {
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string).trim() : undefined) || undefined;
  const status = one("status");
  const kind = one("kind");
  const customerId = one("customer");
  return {
    status: isOrderStatus(status) ? status : undefined,
    kind: isOrderKindValue(kind) ? kind : undefined,
    customerId: customerId && UUID.test(customerId) ? customerId : undefined,
    q: one("q")?.slice(0, 100),
    cursor: one("cursor"),
  };
}

/**
 * Names are stored as IDNA ASCII in natural_key: "bücher" finds "xn--bcher-kva.de". An ASCII
 * term is passed as typed, since upstream references are matched exactly, case included.
 */
function searchKey(q: string): string {
  const term = q.trim();
  if (/^\p{ASCII}*$/u.test(term)) return term;
  try {
    return punycode.toASCII(term.toLowerCase());
  } catch {
    return term;
  }
}

export async function listResellerOrders(
  resellerId: string,
  f: ResellerOrderFilters,
): Promise<{ rows: ResellerOrderRow[]; nextCursor?: string }> {
  const page = await listOrdersForReseller(resellerId, {
    status: f.status as OrderStatus | undefined,
    kind: f.kind as OrderKind | undefined,
    customerId: f.customerId,
    q: f.q ? searchKey(f.q) : undefined,
    cursor: f.cursor,
    limit: Math.min(Math.max(f.limit ?? 25, 1), 100),
  });
  return {
    rows: page.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      displayName: r.displayName,
      upstreamRef: r.upstreamRef,
      createdAt: r.createdAt,
      customer: { id: r.customerId, name: r.customerName },
    })),
    nextCursor: page.nextCursor ?? undefined,
  };
}
