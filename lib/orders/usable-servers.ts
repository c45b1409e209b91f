// The grommunio servers a reseller may place domains on (docs/security.md "Upstream
// identifiers"): its own server orders that succeeded (their upstream ID is the order's
// upstream_ref) plus the servers an admin shared with it. Server orders still on their way are
// offered too, chosen by order id: the domain then waits for that server. Placement checks a
// typed server ID with usableServerError(); the list is what the order form offers.

import type { Viewer } from "@/lib/auth/session";
import { isUuid } from "@/lib/customers/queries";
import { db, Prisma } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { v, vTyped } from "@/lib/i18n/validation";
import type { FieldErrors } from "@/lib/upstream/result";
import { OPEN_STATUSES } from "./vocabulary";

export type UsableServer = {
  /** grommunio's server ID, or null while the server order is not done yet. */
  serverId: number | null;
  /** The portal order that creates the server (null for a shared server). */
  orderId: string | null;
  /** Host name (own orders: the service's, which a rename changes) or the admin's label (shared servers). */
  label: string;
  source: "ordered" | "shared";
  /** The order's status; shared servers are always "succeeded". */
  status: string;
  /** The customer the server was ordered for (null for shared servers). */
  customerId: string | null;
};

export type UsableServerQuery = {
  /** Case-insensitive part of the host name or label, or the exact server ID. */
  search?: string;
  /** Servers ordered for this customer come first. */
  customerId?: string;
  /** Only servers ordered for `customerId`, plus the shared ones (the form's default view). */
  onlyCustomer?: boolean;
  limit?: number;
  /** The `next` cursor of the previous page: the entries after it. */
  after?: string;
};

export type UsableServerPage = { servers: UsableServer[]; next: string | null };

const MAX_LIMIT = 200;

/**
 * Servers this user may pick for a grommunio domain of this reseller. Only the reseller's own
 * users get an answer; anyone else an empty list (the same answer as a reseller without servers).
 */
export async function listUsableServers(
  user: Viewer,
  resellerId: string,
  query: UsableServerQuery = {},
): Promise<UsableServer[]> {
  return (await usableServerPage(user, resellerId, query)).servers;
}

// The picker's order, in tiers: the chosen customer's finished servers, the chosen customer's
// servers still on their way, every other finished server (other customers' and the shared ones),
// every other server on its way; by name within a tier. Each tier is its own query walking the
// (reseller_id, display_name, id) index (or the trigram index for a search) and stopping after one
// page, so a page costs the same at ten or ten thousand servers; a page's position is the keyset
// (tier, sort name, key) of its last entry, never an offset (docs/order-form.md "Pickers"). An own
// server sorts and shows under its search row's label, which is its service's name once the
// service exists: a renamed server takes its place under the new name (migration
// *_server_label_follows_rename keeps the label, *_order_search_server_label_sort indexes it).
type Cursor = { t: number; l: string; k: string };

function readCursor(after: unknown): Cursor | null {
  if (typeof after !== "string" || after.length > 600) return null;
  try {
    const c = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as Partial<Cursor>;
    return Number.isInteger(c.t) && typeof c.l === "string" && typeof c.k === "string" && !`${c.l}${c.k}`.includes("\0")
      ? (c as Cursor)
      : null;
  } catch {
    return null;
  }
}

const writeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c), "utf8").toString("base64url");

type Row = {
  tier: number;
  key: string;
  sort_label: string;
  server_id: number | null;
  order_id: string | null;
  label: string;
  source: "ordered" | "shared";
  status: string;
  customer_id: string | null;
};

/** Server orders matched by host name handed over as ids up to this many; more take the walk. */
const DENSE_SERVERS = 500;

/**
 * The search condition on a server order `o` and its search row `l`: the label holds the
 * fragment, or the order succeeded with the typed server ID. The labels' trigrams are indexed
 * (migration *_order_search), so the matching rows are looked up there first: a few go in as ids
 * (an `= ANY` on the primary key); many, and each tier walks its label-ordered index testing each
 * label, which fills a page within a few rows.
 */
async function serverNameCondition(
  resellerId: string,
  search: string,
  like: string,
  exactId: string | null,
): Promise<Prisma.Sql> {
  if (search === "") return Prisma.sql`true`;
  const byId = Prisma.sql`(o.status = 'succeeded' AND o.upstream_ref = ${exactId})`;
  const ids = (
    await db().$queryRaw<{ id: string }[]>`
      SELECT l.order_id::text AS id FROM order_search l
       WHERE l.reseller_id = ${resellerId}::uuid AND l.server_label ILIKE ${like} LIMIT ${DENSE_SERVERS + 1}`
  ).map((r) => r.id);
  if (ids.length > DENSE_SERVERS) return Prisma.sql`(l.server_label ILIKE ${like} OR ${byId})`;
  return ids.length === 0 ? byId : Prisma.sql`(l.order_id = ANY(${ids}::uuid[]) OR ${byId})`;
}

/** One page of usableServers, with the cursor of the next page (null on the last). */
export async function usableServerPage(
  user: Viewer,
  resellerId: string,
  query: UsableServerQuery = {},
): Promise<UsableServerPage> {
  if (user.role !== "reseller" || user.resellerId !== resellerId) return { servers: [], next: null };
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 50)), MAX_LIMIT);
  // Postgres text cannot hold NUL: a search with one would otherwise be a database error.
  const search = typeof query.search === "string" ? query.search.replace(/\0/g, "").trim().slice(0, 100) : "";
  const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const exactId = /^\d{1,9}$/.test(search) ? search : null;
  const customerId = typeof query.customerId === "string" && isUuid(query.customerId) ? query.customerId : null;
  const cursor = readCursor(query.after);

  // Where a tier starts: skipped when the cursor is past it, from the cursor when inside it.
  const from = (tier: number, label: Prisma.Sql, key: Prisma.Sql) =>
    !cursor || cursor.t < tier
      ? Prisma.sql`true`
      : cursor.t > tier
        ? Prisma.sql`false`
        : Prisma.sql`(${label} > ${cursor.l} OR (${label} = ${cursor.l} AND ${key} > ${cursor.k}))`;
  const nameCondition = await serverNameCondition(resellerId, search, like, exactId);
  const orderKey = Prisma.sql`('o:' || o.id::text)`;
  const sharedKey = Prisma.sql`('s:' || lpad(s.server_id::text, 10, '0'))`;
  const ordered = (tier: number, finished: boolean, ownCustomer: boolean) => Prisma.sql`(
      SELECT ${tier}::int AS tier, ${orderKey} AS key,
             CASE WHEN o.status = 'succeeded' AND o.upstream_ref ~ '^[0-9]{1,9}$' THEN o.upstream_ref::int END AS server_id,
             o.id::text AS order_id, l.server_label AS sort_label, l.server_label AS label,
             'ordered' AS source, o.status::text AS status,
             o.customer_id::text AS customer_id
        FROM order_search l JOIN "order" o ON o.id = l.order_id
       -- The walk is the (reseller_id, server_label, order_id) index, one order probe per entry.
       -- Only a server create order's row has a label, and its reseller is the order's (migration
       -- *_order_search's triggers keep both): asked of the order again, those conditions made
       -- the planner expect a few matches in thousands and read the whole index in parallel.
       WHERE l.reseller_id = ${resellerId}::uuid AND l.server_label IS NOT NULL
         AND ${finished ? Prisma.sql`o.status = 'succeeded'` : Prisma.sql`o.status::text = ANY(${[...OPEN_STATUSES]}::text[])`}
         AND ${
           ownCustomer
             ? customerId
               ? // With its reseller, so that the order's (reseller_id, customer_id) index finds the
                 // customer's few servers, sorted afterwards.
                 Prisma.sql`o.reseller_id = ${resellerId}::uuid AND o.customer_id = ${customerId}::uuid`
               : Prisma.sql`false`
             : customerId
               ? Prisma.sql`o.customer_id <> ${customerId}::uuid`
               : Prisma.sql`true`
         }
         AND ${nameCondition}
         AND ${from(tier, Prisma.sql`l.server_label`, orderKey)}
         -- A deleted server is no longer usable, nor one whose delete is open (docs/lifecycle.md
         -- "Deleting a grommunio server": placing would refuse it). A scalar sub-select (at most
         -- one service per order) rather than NOT EXISTS, which the planner may turn into a hash
         -- join reading every service when it expects many server orders; this stays one index
         -- probe per server on the page, and one of the open-change index for its delete.
         AND COALESCE((SELECT v.status = 'active' AND NOT EXISTS (
                         SELECT 1 FROM "order" x WHERE x.service_id = v.id AND x.action = 'delete'
                            AND x.status::text = ANY(${[...OPEN_STATUSES]}::text[]))
                        FROM service v WHERE v.create_order_id = o.id), true)
       ORDER BY l.server_label, l.order_id
       LIMIT ${limit + 1})`;
  const shared = Prisma.sql`(
      SELECT 2::int AS tier, ${sharedKey} AS key, s.server_id, NULL AS order_id, s.label AS sort_label, s.label,
             'shared' AS source,
             'succeeded' AS status, NULL AS customer_id
        FROM shared_grommunio_server s
       WHERE s.reseller_id = ${resellerId}::uuid
         AND ${search === "" ? Prisma.sql`true` : Prisma.sql`(s.label ILIKE ${like} OR s.server_id::text = ${exactId})`}
         AND ${from(2, Prisma.sql`s.label`, sharedKey)}
         AND ${SHARED_NOT_BEING_DELETED}
       ORDER BY s.label, s.server_id
       LIMIT ${limit + 1})`;
  const tiers = [ordered(0, true, true), ordered(1, false, true), shared];
  if (!query.onlyCustomer) tiers.push(ordered(2, true, false), ordered(3, false, false));
  const rows = await db().$queryRaw<Row[]>`
    SELECT * FROM (${Prisma.join(tiers, " UNION ALL ")}) u
    ORDER BY u.tier, u.sort_label, u.key
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    servers: page.map((r) => ({
      serverId: r.server_id,
      orderId: r.order_id,
      label: r.label,
      source: r.source,
      status: r.status,
      customerId: r.customer_id,
    })),
    next: rows.length > limit && last ? writeCursor({ t: last.tier, l: last.sort_label, k: last.key }) : null,
  };
}

/** A typed grommunio server ID must be one of the reseller's usable servers (checked at placement). */
export async function usableServerError(resellerId: string, serverId: unknown): Promise<FieldErrors | undefined> {
  if (serverId === undefined || serverId === null) return undefined;
  const id = Number(serverId);
  if (!Number.isInteger(id)) return { homeserver: [v("serverIdChoice")] };
  const rows = await db().$queryRaw<{ ok: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "order" o
       WHERE o.reseller_id = ${resellerId}::uuid AND o.kind = 'grommunio_server' AND o.status = 'succeeded'
         AND o.action = 'create' AND o.upstream_ref = ${String(id)}
         AND NOT EXISTS (SELECT 1 FROM service v WHERE v.create_order_id = o.id AND v.status <> 'active')
    ) OR EXISTS (
      SELECT 1 FROM shared_grommunio_server s WHERE s.reseller_id = ${resellerId}::uuid AND s.server_id = ${id}
    ) AS ok`;
  return rows[0]?.ok
    ? undefined
    : {
        homeserver: [vTyped("serverNotYours", { id })],
      };
}

// A server with a delete order still open (queued, running, retrying, checking or held) is
// about to go away: a domain placed on it now would be cut off or block the delete
// (docs/security.md "Upstream identifiers"). Shared servers are matched by their upstream ID.
const OWN_NOT_BEING_DELETED = Prisma.sql`NOT EXISTS (
  SELECT 1 FROM service v JOIN "order" x ON x.service_id = v.id
   WHERE v.create_order_id = o.id AND x.action = 'delete' AND x.status::text = ANY(${[...OPEN_STATUSES]}::text[]))`;
const SHARED_NOT_BEING_DELETED = Prisma.sql`NOT EXISTS (
  SELECT 1 FROM service v JOIN "order" x ON x.service_id = v.id
   WHERE v.kind = 'grommunio_server' AND v.status = 'active' AND v.upstream_ref = s.server_id::text
     AND x.action = 'delete' AND x.status::text = ANY(${[...OPEN_STATUSES]}::text[]))`;

/**
 * The server the portal picks when a grommunio domain is ordered with the home server left
 * empty. grommunio's own "automatic" placement chooses among every server it has, other
 * resellers' included (docs/upstream/grommunio.md "Home server"), so the portal never leaves the
 * choice to it: one of the reseller's usable servers that is not being deleted, one ordered for
 * the same customer first, then the one holding the fewest of the reseller's domains, then the
 * lowest ID. Null when there is none: placeOrder() then refuses (noUsableServerError).
 */
export async function chooseUsableServer(resellerId: string, customerId: string): Promise<number | null> {
  const rows = await db().$queryRaw<{ server_id: number }[]>`
    SELECT u.server_id FROM (
      SELECT o.upstream_ref::int AS server_id, (o.customer_id = ${customerId}::uuid) AS same_customer
        FROM "order" o
       WHERE o.reseller_id = ${resellerId}::uuid AND o.kind = 'grommunio_server' AND o.status = 'succeeded'
         AND o.action = 'create' AND o.upstream_ref ~ '^[0-9]{1,9}$'
         AND NOT EXISTS (SELECT 1 FROM service v WHERE v.create_order_id = o.id AND v.status <> 'active')
         AND ${OWN_NOT_BEING_DELETED}
      UNION ALL
      SELECT s.server_id, false FROM shared_grommunio_server s
       WHERE s.reseller_id = ${resellerId}::uuid AND ${SHARED_NOT_BEING_DELETED}
    ) u
    GROUP BY u.server_id
    ORDER BY bool_or(u.same_customer) DESC,
             (SELECT count(*) FROM "order" d
               WHERE d.reseller_id = ${resellerId}::uuid AND d.kind = 'grommunio_domain' AND d.action = 'create'
                 AND d.status::text NOT IN ('cancelled', 'failed')
                 AND d.payload->>'homeserver' = u.server_id::text),
             u.server_id
    LIMIT 1`;
  return rows[0]?.server_id ?? null;
}

/**
 * Why an empty home server cannot be filled in, on the home server field: a server order still
 * on its way can be chosen (the domain then waits for it); otherwise there is nothing to choose
 * and grommunio's automatic placement is never an option (docs/security.md).
 */
export async function noUsableServerError(resellerId: string): Promise<FieldErrors> {
  const onItsWay = await db().order.findFirst({
    where: { resellerId, kind: "grommunio_server", action: "create", status: { in: [...OPEN_STATUSES] } },
    select: { id: true },
  });
  return { homeserver: [onItsWay ? said("homeServerNotReady") : said("noUsableServer")] };
}
