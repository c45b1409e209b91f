// A customer's orders, newest first, keyset-paginated on the (reseller_id, customer_id,
// created_at, id) index. Kept here because the customer page needs only this narrow read.
import { db } from "@/lib/db";
import { isUuid } from "./queries";

export type CustomerOrderCursor = { at: Date; id: string };

export function encodeOrderCursor(c: CustomerOrderCursor): string {
  return `${c.at.getTime().toString(36)}_${c.id}`;
}

/** A malformed cursor starts again from the top rather than failing the page. */
export function decodeOrderCursor(raw: string | undefined): CustomerOrderCursor | undefined {
  const m = raw ? /^([0-9a-z]{1,12})_([0-9a-f-]{36})$/.exec(raw) : null;
  if (!m?.[1] || !m[2] || !isUuid(m[2])) return undefined;
  const at = new Date(parseInt(m[1], 36));
  return Number.isNaN(at.getTime()) ? undefined : { at, id: m[2] };
}

export async function listCustomerOrders(resellerId: string, customerId: string, cursor?: CustomerOrderCursor, limit = 25) {
  const rows = await db().order.findMany({
    where: {
      resellerId,
      customerId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, kind: true, status: true, displayName: true, upstreamRef: true, createdAt: true },
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? encodeOrderCursor({ at: last.createdAt, id: last.id }) : undefined };
}
