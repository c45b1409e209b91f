// The reseller's order history: filters (status, kind, customer), search by name, keyset pages.
// Written here because lib/orders has no reseller list query yet. Every branch is scoped by
// reseller_id and walks one of the (reseller_id, <filter>, created_at, id) indexes; no OFFSET
// and no total count, so a deep page costs what the first one costs.
import punycode from "punycode/punycode.js";
import { db, Prisma } from "@/lib/db";
import { ORDER_KINDS } from "@/lib/orders/schemas";
import { decodeOrderCursor, encodeOrderCursor, type OrderCursor } from "./order-cursor";

export const ORDER_STATUSES = ["pending", "queued", "provisioning", "retrying", "unknown", "held", "succeeded", "failed", "cancelled"] as const;

export type ResellerOrderFilters = { status?: string; kind?: string; customerId?: string; q?: string; cursor?: string; limit?: number };

export type ResellerOrderRow = {
  id: string; kind: string; status: string; displayName: string; upstreamRef: string | null; createdAt: Date;
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
    status: status && (ORDER_STATUSES as readonly string[]).includes(status) ? status : undefined,
    kind: kind && (ORDER_KINDS as readonly string[]).includes(kind) ? kind : undefined,
    customerId: customerId && UUID.test(customerId) ? customerId : undefined,
    q: one("q")?.slice(0, 100),
    cursor: one("cursor"),
  };
}

/** Names are stored as IDNA ASCII in natural_key, lower case: search the same way. */
function searchKey(q: string): string {
  const lower = q.trim().toLowerCase();
  try {
    return /^[\x00-\x7f]*$/.test(lower) ? lower : punycode.toASCII(lower);
  } catch {
    return lower;
  }
}

export async function listResellerOrders(resellerId: string, f: ResellerOrderFilters): Promise<{ rows: ResellerOrderRow[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(f.limit ?? 25, 1), 100);
  const cursor: OrderCursor | undefined = decodeOrderCursor(f.cursor);
  const conds: Prisma.Sql[] = [Prisma.sql`o.reseller_id = ${resellerId}::uuid`];
  if (f.status) conds.push(Prisma.sql`o.status = ${f.status}::"OrderStatus"`);
  if (f.kind) conds.push(Prisma.sql`o.kind = ${f.kind}::"OrderKind"`);
  if (f.customerId) conds.push(Prisma.sql`o.customer_id = ${f.customerId}::uuid`);
  if (f.q) {
    // Prefix of the name (natural_key pattern index), or the exact upstream reference.
    const prefix = `${searchKey(f.q).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(Prisma.sql`(o.natural_key LIKE ${prefix} OR o.upstream_ref = ${f.q.trim()})`);
  }
  if (cursor) conds.push(Prisma.sql`(o.created_at, o.id) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`);
  const raw = await db().$queryRaw<
    { id: string; kind: string; status: string; display_name: string; upstream_ref: string | null; created_at: Date; customer_id: string; customer_name: string }[]
  >`
    SELECT p.*, c.name AS customer_name FROM (
      SELECT o.id, o.kind::text AS kind, o.status::text AS status, o.display_name, o.upstream_ref, o.created_at, o.customer_id
      FROM "order" o WHERE ${Prisma.join(conds, " AND ")}
      ORDER BY o.created_at DESC, o.id DESC LIMIT ${limit + 1}
    ) p JOIN customer c ON c.id = p.customer_id AND c.reseller_id = ${resellerId}::uuid
    ORDER BY p.created_at DESC, p.id DESC`;
  const rows = raw.slice(0, limit).map((r) => ({
    id: r.id, kind: r.kind, status: r.status, displayName: r.display_name, upstreamRef: r.upstream_ref, createdAt: r.created_at,
    customer: { id: r.customer_id, name: r.customer_name },
  }));
  const last = rows[rows.length - 1];
  return { rows, nextCursor: raw.length > limit && last ? encodeOrderCursor({ at: last.createdAt, id: last.id }) : undefined };
}
