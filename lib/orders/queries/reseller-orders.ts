// The reseller's order history as the pages use it: URL filters parsed leniently, a search term
// matching anywhere in either spelling of a name or in the customer's name (lib/search), rows
// shaped for the order tables. The query is the keyset walk of lib/orders/queries, scoped by
// reseller, no OFFSET.
import { searchText } from "@/lib/forms/control-chars";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { type OrderSentence, orderSentence } from "@/lib/orders/order-sentence";
import { countOrdersForReseller, listOrdersForReseller } from "@/lib/orders/queries/list-orders-for-reseller";
import {
  homeserverOrderIdOf,
  managerDomainCodesOf,
  qboxmailDomainNames,
  serverOrderHostnames,
} from "@/lib/orders/queries/server-names";
import { isOrderKindValue, isOrderStatus } from "@/lib/orders/vocabulary";
import { oneParam } from "@/lib/pagination/list-address";

export type ResellerOrderFilters = {
  status?: string;
  kind?: string;
  customerId?: string;
  q?: string;
  cursor?: string;
  before?: string;
  limit?: number;
};

export type ResellerOrderRow = {
  id: string;
  kind: string;
  status: string;
  displayName: string;
  /** The ASCII (IDNA) form, shown beside an internationalized name. */
  naturalKey: string;
  upstreamRef: string | null;
  createdAt: Date;
  customer: { id: string; name: string };
  /** What was ordered, in words (docs/i18n.md "Order summaries"). */
  sentence: OrderSentence;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters from the URL; an unknown value drops that filter rather than failing the page. */
export function parseOrderFilters(sp: Record<string, string | string[] | undefined>): ResellerOrderFilters {
  // Control characters drop the filter too: Postgres cannot compare text holding U+0000.
  const one = (k: string) => searchText(oneParam(sp, k)) || undefined;
  const status = one("status");
  const kind = one("kind");
  const customerId = one("customer");
  return {
    status: isOrderStatus(status) ? status : undefined,
    kind: isOrderKindValue(kind) ? kind : undefined,
    customerId: customerId && UUID.test(customerId) ? customerId : undefined,
    q: one("q")?.slice(0, 100),
    cursor: one("cursor"),
    before: one("before"),
  };
}

export async function listResellerOrders(
  resellerId: string,
  f: ResellerOrderFilters,
): Promise<{ rows: ResellerOrderRow[]; nextCursor?: string; prevCursor?: string }> {
  const page = await listOrdersForReseller(resellerId, {
    ...typedFilters(f),
    cursor: f.cursor,
    before: f.before,
    limit: Math.min(Math.max(f.limit ?? 25, 1), 100),
  });
  const [servers, domainNames] = await Promise.all([
    serverOrderHostnames(
      resellerId,
      page.rows.map((r) => homeserverOrderIdOf(r.payload)).filter((id): id is string => id !== null),
    ),
    qboxmailDomainNames(
      resellerId,
      page.rows.filter((r) => r.kind === "qboxmail_manager").flatMap((r) => managerDomainCodesOf(r.payload)),
    ),
  ]);
  return {
    rows: page.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      displayName: r.displayName,
      naturalKey: r.naturalKey,
      upstreamRef: r.upstreamRef,
      createdAt: r.createdAt,
      customer: { id: r.customerId, name: r.customerName },
      sentence: orderSentence({
        ...r,
        customerName: r.customerName,
        serverHostname: servers.get(homeserverOrderIdOf(r.payload) ?? "") ?? null,
        domainNames,
      }),
    })),
    nextCursor: page.nextCursor ?? undefined,
    prevCursor: page.prevCursor ?? undefined,
  };
}

/** The total for the list's heading: exact up to 10,000, "more than" beyond. */
export function countResellerOrders(resellerId: string, f: ResellerOrderFilters) {
  return countOrdersForReseller(resellerId, typedFilters(f));
}

function typedFilters(f: ResellerOrderFilters) {
  return {
    status: f.status as OrderStatus | undefined,
    kind: f.kind as OrderKind | undefined,
    customerId: f.customerId,
    q: f.q,
  };
}
