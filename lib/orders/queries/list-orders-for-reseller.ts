// A reseller's order history: keyset pagination on (created_at DESC, id DESC) with a row
// comparison, so Postgres walks the matching (reseller_id, …, created_at, id) index and stops
// after one page — deep pages cost what the first costs; no OFFSET, no count.
import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { decodeCursor, encodeCursor } from "@/lib/pagination/cursor";

export type ResellerOrderFilters = {
  status?: OrderStatus;
  kind?: OrderKind;
  customerId?: string;
  /** Prefix of the domain name, e-mail or host name, or an exact upstream reference. */
  q?: string;
  cursor?: string | null;
  limit?: number;
};

export type ResellerOrderRow = {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  status: OrderStatus;
  kind: OrderKind;
  naturalKey: string;
  displayName: string;
  upstreamRef: string | null;
  attemptCount: number;
  lastError: string | null;
  customerId: string;
  customerName: string;
};

export type ResellerOrderPage = { rows: ResellerOrderRow[]; nextCursor: string | null };

const uuid = z.uuid();

export async function listOrdersForReseller(
  resellerId: string,
  f: ResellerOrderFilters = {},
): Promise<ResellerOrderPage> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  if (f.customerId && !uuid.safeParse(f.customerId).success) return { rows: [], nextCursor: null };
  const conds: Prisma.Sql[] = [Prisma.sql`o.reseller_id = ${resellerId}::uuid`];
  if (f.status) conds.push(Prisma.sql`o.status = ${f.status}::"OrderStatus"`);
  if (f.kind) conds.push(Prisma.sql`o.kind = ${f.kind}::"OrderKind"`);
  if (f.customerId) conds.push(Prisma.sql`o.customer_id = ${f.customerId}::uuid`);
  const q = f.q?.trim();
  if (q) {
    const prefix = `${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(Prisma.sql`(o.natural_key LIKE ${prefix} OR o.upstream_ref = ${q})`);
  }
  const cursor = decodeCursor(f.cursor);
  if (cursor)
    conds.push(Prisma.sql`(o.created_at, o.id) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`);
  const raw = await db().$queryRaw<RawRow[]>`
    SELECT p.*, c.name AS customer_name FROM (
      SELECT o.id, o.created_at, o.updated_at, o.status, o.kind, o.natural_key, o.display_name, o.upstream_ref,
             o.attempt_count, o.last_error, o.customer_id
      FROM "order" o WHERE ${Prisma.join(conds, " AND ")}
      ORDER BY o.created_at DESC, o.id DESC LIMIT ${limit + 1}
    ) p JOIN customer c ON c.id = p.customer_id
    ORDER BY p.created_at DESC, p.id DESC`;
  const rows = raw.map(toRow);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return { rows: page, nextCursor: more && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

type RawRow = {
  id: string;
  created_at: Date;
  updated_at: Date;
  status: OrderStatus;
  kind: OrderKind;
  natural_key: string;
  display_name: string;
  upstream_ref: string | null;
  attempt_count: number;
  last_error: string | null;
  customer_id: string;
  customer_name: string;
};

function toRow(r: RawRow): ResellerOrderRow {
  return {
    id: r.id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    status: r.status,
    kind: r.kind,
    naturalKey: r.natural_key,
    displayName: r.display_name,
    upstreamRef: r.upstream_ref,
    attemptCount: r.attempt_count,
    lastError: r.last_error,
    customerId: r.customer_id,
    customerName: r.customer_name,
  };
}
