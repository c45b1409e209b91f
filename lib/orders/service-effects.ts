// What an order's success does to services, as SQL run in the same statement as the step to
// `succeeded` (lib/orders/state-machine.ts), so an order never succeeds without its effect and
// the effect never happens without the success (docs/lifecycle.md):
// - a create order brings its service into being, owned by the order's customer. The partial
//   unique index over live services refuses a second owner of the same upstream resource: the
//   whole step fails rather than let two services hold one resource;
// - a delete order ends its service (status `deleted`), which frees the reseller's limit, only
//   while the service is live: one that ended already (deleted by another delete, purged after a
//   soft delete, marked gone or re-created from a drift finding) keeps its end, and its
//   `service.deleted` was written once, by what ended it (docs/lifecycle.md "Changes are orders");
// - suspend and resume record the state the upstream should now have, also as the state a reading
//   must confirm (expected_state), and a change or either of them marks the service unread: what
//   is recorded was asked for, not read, so the worker's sweep (which reads never-read services
//   first) reads it back on a coming pass and records what the provider reports (a resumed
//   Qboxmail domain whose MX records are wrong is not simply active);
// - a change of a grommunio server's host name renames the service: its natural key (lower case,
//   as a create's) and display name become the new name, so lists, searches, exports and the drift
//   check show it (docs/lifecycle.md "Renaming a grommunio server");
// - each of these is a `service.*` webhook event, written in the same statement.
import { Prisma } from "@/lib/generated/prisma/client";
import { serviceOutbox } from "@/lib/webhooks/outbox-sql";

/** A CTE of the step's statement by its name: a sibling reads another's rows by it. */
export type NamedCte = { name: string; body: Prisma.Sql };

/** The service rows the step's update wrote: the service's event is written only for them. */
const STEPPED = "service_stepped";

/**
 * CTEs for transition(), in the order they are declared (a CTE reads only those before it); they
 * read `moved` (the order row as the step leaves it, with its fixed facts:
 * lib/orders/transition-sql.ts) under the name `o`, without reading the order again.
 * `newServiceId`: the id a create's service row gets; `ref`: the upstream reference the step
 * sets (null: the order's own). Values, or the slots of a statement built once
 * (lib/prepared-sql.ts), so nothing is computed from them here.
 */
export function serviceEffectsSql(newServiceId: unknown, ref: unknown): NamedCte[] {
  const created = Prisma.sql`
    INSERT INTO service (id, reseller_id, customer_id, kind, provider, upstream_ref, natural_key, display_name,
                         create_order_id, next_check_at, created_at, updated_at)
    SELECT ${newServiceId}::uuid, o.reseller_id, o.customer_id, o.kind, o.provider, coalesce(${ref}::text, o.upstream_ref),
           o.natural_key, o.display_name, o.id,
           -- A new Qboxmail domain waits for its ownership record: first automatic check soon.
           CASE WHEN o.kind = 'qboxmail_domain' THEN now() + interval '1 minute' END, now(), now()
    FROM moved o
    WHERE o.action = 'create' AND coalesce(${ref}::text, o.upstream_ref) IS NOT NULL
    RETURNING id`;
  const stepped = Prisma.sql`
    UPDATE service s SET updated_at = now(),
      status = CASE WHEN o.action = 'delete' THEN 'deleted'::"ServiceStatus" ELSE s.status END,
      ended_at = CASE WHEN o.action = 'delete' THEN now() ELSE s.ended_at END,
      -- The state words of lib/services/upstream-state.ts: Qboxmail calls a suspended domain disabled.
      upstream_state = CASE o.action
                         WHEN 'suspend' THEN CASE WHEN o.provider = 'qboxmail' THEN 'disabled' ELSE 'suspended' END
                         WHEN 'resume' THEN 'active' WHEN 'delete' THEN 'deleted' ELSE s.upstream_state END,
      -- Kept until a reading shows it (lib/services/read-live.ts): a Qboxmail disable is applied
      -- after its 2xx, so what the provider does is known only then.
      expected_state = CASE o.action
                         WHEN 'suspend' THEN CASE WHEN o.provider = 'qboxmail' THEN 'disabled' ELSE 'suspended' END
                         WHEN 'resume' THEN 'active' WHEN 'delete' THEN NULL ELSE s.expected_state END,
      read_at = CASE WHEN o.action IN ('change', 'suspend', 'resume') THEN NULL ELSE s.read_at END,
      read_tried_at = CASE WHEN o.action IN ('change', 'suspend', 'resume') THEN NULL ELSE s.read_tried_at END,
      natural_key = coalesce(lower(renamed.hostname), s.natural_key),
      display_name = coalesce(renamed.hostname, s.display_name)
    FROM moved o
    -- The new host name a server's change set (its payload, which no step alters); read only for
    -- such a change: for every other step the condition on o is false before the order is read.
    LEFT JOIN LATERAL (SELECT x.payload #>> '{set,hostname}' AS hostname FROM "order" x
                        WHERE o.kind = 'grommunio_server' AND o.action = 'change' AND x.id = o.id) renamed ON true
    -- A delete ends a live service only. Checked on the row as the update finds it: one ended by
    -- a step that committed while this one waited for its lock is left alone, and so is its event.
    WHERE s.id = o.service_id AND o.action <> 'create' AND (o.action <> 'delete' OR s.status = 'active')
    RETURNING s.id`;
  return [
    { name: "service_created", body: created },
    { name: STEPPED, body: stepped },
    { name: "service_events", body: serviceOutbox(newServiceId, ref, STEPPED) },
  ];
}
