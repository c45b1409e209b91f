// The webhook outbox rows of an order event, as a CTE body that commits in the same statement as
// the status change itself (lib/orders/transition-sql.ts, insert-order.ts): a delivery exists
// if and only if the change committed (docs/webhooks.md). One row per subscribed endpoint of the
// order's reseller; none when the reseller has no endpoint, so resellers without webhooks pay one
// indexed probe per step. A disabled endpoint gets its rows too: they wait, unclaimed, until a
// person turns it back on, parked out of the claim's due range (next_attempt_at 'infinity',
// docs/webhooks.md "Failing endpoints"), so however many wait no claim reads them.
// The endpoint is read FOR KEY SHARE, the lock the delivery's foreign key takes on it anyway: a
// disable or enable (which lock it FOR UPDATE) waits for this statement's transaction, and this
// statement for theirs, then reads the endpoint as they left it. Without it a row written parked
// by a statement that read the endpoint just before it was turned back on would stay parked.
// The endpoints are locked in id order, the order in which a password change turns all of a
// reseller's endpoints off (lib/webhooks/endpoints.ts): two statements that lock several never
// wait on each other in a cycle. A step to `succeeded` writes two events (the order's, the
// service's) in two parts of one statement, whose order Postgres does not fix: each part locks
// the endpoints of both events, in one pass in id order, before it writes. Had each locked only
// its own event's endpoints, a step could hold one the password change still needs while waiting
// for one it holds (tests/integration/webhook-outbox-locks.test.ts).
import { lockOn } from "@/lib/advisory-lock";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { SERVICE_EVENT_TYPES } from "@/lib/webhooks/events";

const nowIso = Prisma.sql`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** When a new delivery is first due: at once for an enabled endpoint, parked for a disabled one. */
const firstDue = Prisma.sql`CASE WHEN e.disabled_at IS NULL THEN now() ELSE 'infinity' END`;

/** A text[] literal of event types (constants of events.ts, so the text is fixed). */
function typesArray(types: readonly string[]): Prisma.Sql {
  for (const t of types) if (!/^[a-z_.]+$/.test(t)) throw new Error(`not an event type: ${t}`);
  return Prisma.raw(`ARRAY[${types.map((t) => `'${t}'`).join(", ")}]::text[]`);
}

/** What a step to `succeeded` writes events of: its order's and its service's. */
const SUCCESS_EVENT_TYPES = typesArray(["order.succeeded", ...SERVICE_EVENT_TYPES]);

/**
 * The reseller's endpoints subscribed to any of `types`, locked FOR KEY SHARE in id order, as a
 * lateral source named `e`: the subquery's sort comes before its lock, so they are locked in that
 * order, and all of them, whichever the caller then writes to. OFFSET 0 keeps the planner from
 * moving the caller's condition on `e` into the subquery, which would lock only those.
 */
function lockedEndpoints(resellerId: Prisma.Sql, types: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`LATERAL (SELECT e.id, e.reseller_id, e.events, e.disabled_at FROM webhook_endpoint e
      WHERE e.reseller_id = ${resellerId} AND e.events && ${types}
      ORDER BY e.id OFFSET 0 FOR KEY SHARE) e`;
}

function rows(source: string, type: string, data: Prisma.Sql, lockTypes: Prisma.Sql): Prisma.Sql {
  const src = Prisma.raw(source);
  return Prisma.sql`
    INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, order_id, event_type, payload, next_attempt_at)
    SELECT gen_random_uuid(), e.id, ${src}.reseller_id, ${src}.id, ${type}::text,
           jsonb_build_object('type', ${type}::text, 'timestamp', ${nowIso}, 'data', ${data}), ${firstDue}
    FROM ${src} CROSS JOIN ${lockedEndpoints(Prisma.sql`${src}.reseller_id`, lockTypes)}
    WHERE ${type}::text = ANY(e.events)`;
}

/**
 * For a transition: reads `moved`, the order as the step leaves it (id, reseller_id, customer_id, action, service_id,
 * kind, natural_key, upstream_ref, last_error; lib/orders/transition-sql.ts), without reading
 * the order row again.
 */
export function transitionOutbox(s: {
  /** A status, or (for a step whose starting status is read by the statement) its SQL. */
  from: OrderStatus | Prisma.Sql;
  to: OrderStatus;
  version: number | Prisma.Sql;
  /** What the step sets (a value, or a slot of a statement built once); absent: the order's own. */
  upstreamRef?: unknown;
  lastError?: unknown;
}): Prisma.Sql {
  const from = typeof s.from === "string" ? Prisma.sql`${s.from}::text` : s.from;
  const version = typeof s.version === "number" ? Prisma.sql`${s.version}::int` : s.version;
  const data = Prisma.sql`jsonb_build_object(
    'orderId', moved.id, 'status', ${s.to}::text, 'previousStatus', ${from}, 'version', ${version},
    'kind', moved.kind, 'action', moved.action, 'serviceId', moved.service_id,
    'naturalKey', moved.natural_key, 'customerId', moved.customer_id,
    'upstreamRef', ${s.upstreamRef === undefined ? Prisma.sql`moved.upstream_ref` : Prisma.sql`${s.upstreamRef}::text`},
    'lastError', ${s.lastError === undefined ? Prisma.sql`moved.last_error` : Prisma.sql`${s.lastError}::text`})`;
  const type = `order.${s.to}`;
  return rows("moved", type, data, s.to === "succeeded" ? SUCCESS_EVENT_TYPES : typesArray([type]));
}

/** For a placement: reads `placed` (id, reseller_id) and the values being inserted. */
export function placementOutbox(o: {
  status: OrderStatus;
  kind: string;
  action?: string;
  serviceId?: string | null;
  naturalKey: string;
  customerId: string;
}): Prisma.Sql {
  const data = Prisma.sql`jsonb_build_object(
    'orderId', placed.id, 'status', ${o.status}::text, 'previousStatus', NULL, 'version', 0,
    'kind', ${o.kind}::text, 'action', ${o.action ?? "create"}::text, 'serviceId', ${o.serviceId ?? null}::uuid,
    'naturalKey', ${o.naturalKey}::text, 'customerId', ${o.customerId}::text,
    'upstreamRef', NULL, 'lastError', NULL)`;
  return rows("placed", "order.placed", data, typesArray(["order.placed"]));
}

/**
 * For a step to `succeeded` that has an effect on a service (lib/orders/service-effects.ts):
 * `service.created|changed|suspended|resumed|deleted`, named after the order's action. A create
 * that brought no service (no upstream reference) sends none. `newServiceId` is the id the
 * create's service row is inserted with, since a sibling CTE cannot read that row. Reads `moved`
 * (the order as the step leaves it) under the name `o`, and `stepped`, the CTE of the service
 * update (lib/orders/service-effects.ts): a change's event is written only when that update
 * wrote the service, so a delete that succeeds after its service ended (another delete, a purge
 * of a softly deleted domain, marked gone) writes no second `service.deleted` (docs/webhooks.md).
 */
export function serviceOutbox(newServiceId: unknown, upstreamRef: unknown, stepped: string): Prisma.Sql {
  const ref = Prisma.sql`coalesce(${upstreamRef}::text, o.upstream_ref)`;
  return Prisma.sql`
    INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, order_id, event_type, payload, next_attempt_at)
    SELECT gen_random_uuid(), e.id, o.reseller_id, o.id, ev.type,
           jsonb_build_object('type', ev.type, 'timestamp', ${nowIso}, 'data', jsonb_build_object(
             'serviceId', CASE WHEN o.action = 'create' THEN ${newServiceId}::uuid ELSE o.service_id END,
             'orderId', o.id, 'action', o.action, 'kind', o.kind,
             'naturalKey', coalesce(lower(renamed.hostname), o.natural_key),
             'customerId', o.customer_id, 'upstreamRef', ${ref})), ${firstDue}
    FROM moved o
    -- A renamed server's event names it as the change leaves it, as its service row does
    -- (lib/orders/service-effects.ts): the new host name its order set. Read only for such a change.
    LEFT JOIN LATERAL (SELECT x.payload #>> '{set,hostname}' AS hostname FROM "order" x
                        WHERE o.kind = 'grommunio_server' AND o.action = 'change' AND x.id = o.id) renamed ON true
    CROSS JOIN LATERAL (SELECT 'service.' || CASE o.action WHEN 'create' THEN 'created' WHEN 'change' THEN 'changed'
      WHEN 'suspend' THEN 'suspended' WHEN 'resume' THEN 'resumed' ELSE 'deleted' END AS type) ev
    CROSS JOIN ${lockedEndpoints(Prisma.sql`o.reseller_id`, SUCCESS_EVENT_TYPES)}
    WHERE ev.type = ANY(e.events) AND (o.action <> 'create' OR ${ref} IS NOT NULL)
      AND (o.action = 'create' OR EXISTS (SELECT 1 FROM ${Prisma.raw(stepped)}))`;
}

/**
 * For a service that support brought into the portal or ended without an order of the reseller's
 * (adopted from a drift finding, marked gone, ended by a re-create): its `service.created` or
 * `service.deleted`, so a receiver that keeps the reseller's services in step hears of it too
 * (docs/webhooks.md). Written in the transaction of support's action. `action` says which one
 * (`adopt`, `mark_gone`, `recreate`); `orderId` is the re-create's order, null otherwise.
 */
export function staffServiceOutbox(e: {
  type: "service.created" | "service.deleted";
  action: "adopt" | "mark_gone" | "recreate";
  serviceId: string;
  orderId: string | null;
  resellerId: string;
  customerId: string;
  kind: string;
  naturalKey: string;
  upstreamRef: string;
}): Prisma.Sql {
  const data = Prisma.sql`jsonb_build_object(
    'serviceId', ${e.serviceId}::uuid, 'orderId', ${e.orderId}::uuid, 'action', ${e.action}::text,
    'kind', ${e.kind}::text, 'naturalKey', ${e.naturalKey}::text, 'customerId', ${e.customerId}::uuid,
    'upstreamRef', ${e.upstreamRef}::text)`;
  return Prisma.sql`
    INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, order_id, event_type, payload, next_attempt_at)
    SELECT gen_random_uuid(), e.id, e.reseller_id, ${e.orderId}::uuid, ${e.type}::text,
           jsonb_build_object('type', ${e.type}::text, 'timestamp', ${nowIso}, 'data', ${data}), ${firstDue}
    FROM webhook_endpoint e
    WHERE e.reseller_id = ${e.resellerId}::uuid AND ${e.type}::text = ANY(e.events)
    ORDER BY e.id FOR KEY SHARE OF e`;
}

/**
 * The lock on the set of a reseller's endpoints: taken `alone` by a registration (which also keeps
 * two registrations from both passing the cap), `shared` by `lockAllEndpoints`. A transaction
 * that locked all of the endpoints then sees no new one appear before it ends.
 */
export const endpointSetLock = (resellerId: string, mode: "shared" | "alone") =>
  lockOn(`webhook-endpoint-cap:${resellerId}`, mode);

/**
 * All of the reseller's endpoints, locked FOR KEY SHARE in id order: for a transaction that writes
 * events in more than one statement (a resubmit's placement and the old order's cancel, a
 * re-create's service event and placement), run before the first. Each statement locks only its
 * own event's endpoints, and two such sets locked one after the other could wait in a cycle on a
 * password change, which locks them all in this order. The set's lock comes first: an endpoint
 * registered after this read would be locked by a later statement, out of id order, and a password
 * change that took it first could then wait for one this transaction holds while this one waits
 * for it. A registration waits for this transaction instead.
 */
export async function lockAllEndpoints(
  sql: (statement: Prisma.Sql) => Promise<unknown>,
  resellerId: string,
): Promise<void> {
  await sql(endpointSetLock(resellerId, "shared"));
  await sql(
    Prisma.sql`SELECT 1 FROM webhook_endpoint WHERE reseller_id = ${resellerId}::uuid ORDER BY id FOR KEY SHARE`,
  );
}
