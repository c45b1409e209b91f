// A reseller's services list, its total and its CSV batches (docs/search.md "The services list").
// Keyset pages on (created_at DESC, id DESC) with a row comparison, as the order list: Postgres
// walks (reseller_id, status, created_at, id) and stops after one page, so the hundredth page
// costs what the first costs at 100,000 services; "previous" walks the same index the other way.
// Every query is scoped by resellerId inside its WHERE clause.
import { db, Prisma } from "@/lib/db";
import { searchText } from "@/lib/forms/control-chars";
import type { OrderKind, Provider, ServiceStatus } from "@/lib/generated/prisma/enums";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import { type Cursor, type CursorPage, cursorKeysetPage, decodeCursor } from "@/lib/pagination/cursor";
import { oneParam } from "@/lib/pagination/list-address";
import { serviceSearchCondition } from "@/lib/search/service-search";

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SERVICE_STATUSES = ["active", "deleted", "gone"] as const;

export type ServiceFilters = {
  q?: string;
  kind?: OrderKind;
  status?: ServiceStatus;
  state?: string;
  customerId?: string;
  /** Rows after this one (older): the next page. */
  cursor?: string;
  /** Rows before this one (newer): the previous page. Ignored when `cursor` is set. */
  before?: string;
};

export type ServiceRow = {
  id: string;
  kind: OrderKind;
  provider: Provider;
  status: ServiceStatus;
  upstreamRef: string;
  naturalKey: string;
  displayName: string;
  upstreamState: string | null;
  readAt: Date | null;
  createdAt: Date;
  customer: { id: string; name: string };
};

export type ServicePage = CursorPage<ServiceRow>;

export function parseServiceFilters(sp: Record<string, string | string[] | undefined>): ServiceFilters {
  // A value with control characters (a hand-edited address) is ignored: Postgres refuses U+0000.
  const one = (k: string) => searchText(oneParam(sp, k)) || undefined;
  const kind = one("kind");
  const status = one("status");
  const customerId = one("customer");
  return {
    q: one("q")?.slice(0, 100),
    kind: isOrderKindValue(kind) ? kind : undefined,
    status: status && (SERVICE_STATUSES as readonly string[]).includes(status) ? (status as ServiceStatus) : undefined,
    state: one("state")?.slice(0, 40),
    customerId: customerId && UUID.test(customerId) ? customerId : undefined,
    cursor: one("cursor")?.slice(0, 200),
    before: one("before")?.slice(0, 200),
  };
}

/** The filter part of the WHERE clause: the reseller always, the status (live by default), then the rest. */
async function filterConditions(resellerId: string, f: ServiceFilters): Promise<Prisma.Sql[]> {
  const conds = [
    Prisma.sql`s.reseller_id = ${resellerId}::uuid`,
    Prisma.sql`s.status = ${f.status ?? "active"}::"ServiceStatus"`,
  ];
  if (f.kind) conds.push(Prisma.sql`s.kind = ${f.kind}::"OrderKind"`);
  if (f.state) conds.push(Prisma.sql`s.upstream_state = ${f.state}`);
  if (f.customerId && UUID.test(f.customerId)) conds.push(Prisma.sql`s.customer_id = ${f.customerId}::uuid`);
  const q = f.q?.trim();
  if (q) conds.push(await serviceSearchCondition(q, resellerId));
  return conds;
}

/** One keyset batch: `limit` rows older than `after` (or newer than `before`), newest first. */
async function fetchBatch(conds: Prisma.Sql[], limit: number, at: { after?: Cursor; before?: Cursor }) {
  const where = [...conds];
  if (at.after)
    where.push(Prisma.sql`(s.created_at, s.id) < (${at.after.at.toISOString()}::timestamptz, ${at.after.id}::uuid)`);
  if (at.before)
    where.push(Prisma.sql`(s.created_at, s.id) > (${at.before.at.toISOString()}::timestamptz, ${at.before.id}::uuid)`);
  const dir = at.before ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const raw = await db().$queryRaw<RawRow[]>`
    SELECT p.*, c.name AS customer_name FROM (
      SELECT s.id, s.kind, s.provider, s.status, s.upstream_ref, s.natural_key, s.display_name, s.upstream_state,
             s.read_at, s.created_at, s.customer_id
      FROM service s WHERE ${Prisma.join(where, " AND ")}
      ORDER BY s.created_at ${dir}, s.id ${dir} LIMIT ${limit}
    ) p JOIN customer c ON c.id = p.customer_id
    ORDER BY p.created_at DESC, p.id DESC`;
  return raw.map(toRow);
}

export async function listServices(resellerId: string, f: ServiceFilters, limit = PAGE_SIZE): Promise<ServicePage> {
  const conds = await filterConditions(resellerId, f);
  const after = decodeCursor(f.cursor);
  const before = after ? undefined : decodeCursor(f.before);
  const rows = await fetchBatch(conds, limit + 1, { after, before });
  return cursorKeysetPage(rows, limit, { after, before }, (r) => ({ at: r.createdAt, id: r.id }));
}

/** How many services match (pages ignored), counted up to `cap` + 1 (the list shows "more than" beyond). */
export async function countServices(resellerId: string, f: ServiceFilters, cap = 10_000): Promise<number> {
  const conds = await filterConditions(resellerId, f);
  const [row] = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM service s WHERE ${Prisma.join(conds, " AND ")} LIMIT ${cap + 1}) x`;
  return row?.n ?? 0;
}

/** Every matching service, newest first, `size` at a time after the previous batch's last row, for the CSV export. */
export async function serviceBatch(resellerId: string, f: ServiceFilters, after: Cursor | null, size: number) {
  return fetchBatch(await filterConditions(resellerId, f), size, { after: after ?? undefined });
}

type RawRow = {
  id: string;
  kind: OrderKind;
  provider: Provider;
  status: ServiceStatus;
  upstream_ref: string;
  natural_key: string;
  display_name: string;
  upstream_state: string | null;
  read_at: Date | null;
  created_at: Date;
  customer_id: string;
  customer_name: string;
};

function toRow(r: RawRow): ServiceRow {
  return {
    id: r.id,
    kind: r.kind,
    provider: r.provider,
    status: r.status,
    upstreamRef: r.upstream_ref,
    naturalKey: r.natural_key,
    displayName: r.display_name,
    upstreamState: r.upstream_state,
    readAt: r.read_at,
    createdAt: r.created_at,
    customer: { id: r.customer_id, name: r.customer_name },
  };
}
