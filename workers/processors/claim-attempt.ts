// The hot path's first step, folded into one statement (docs/benchmarks/worker.md "Fewer round trips on the hot path"):
// read the order AND move it to provisioning with a new current attempt, instead of a read and
// then the begin-attempt step. It claims only an order the plain path would run at once: a create
// order, runnable, of the job's version, due, below the retry cap and without a dependency. Any
// other case (or a race) claims nothing and the caller takes the plain path (load, judge, begin),
// which decides exactly as before. Same effects as the begin-attempt step of
// lib/orders/state-machine.ts: guarded update (status and version as read), audit event, webhook
// outbox rows and the attempt row, all committed by the one statement. Sent with plain pg
// and prepared once per connection (lib/prepared-sql.ts): the ORM's per-call cost was a visible share
// of the worker's CPU per order, and planning the statement anew a share of Postgres's. Its text is
// built once per process (`fixedStatement`), each claim only fills in the values.
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/db";
import type { AttemptKind, OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { recordTransition } from "@/lib/metrics/record";
import { fixedStatement } from "@/lib/prepared-sql";
import { transitionOutbox } from "@/lib/webhooks/outbox-sql";
import type { Step } from "./attempt-steps";
import { type ProvisionContext, workerActor } from "./context";
import { type LoadedOrder, RUNNABLE } from "./load-order";

type Row = {
  id: string;
  status: OrderStatus;
  version: number;
  kind: OrderKind;
  upstream_ref: string | null;
  provider: Provider;
  payload: unknown;
  sealed_secret: Uint8Array | null;
  natural_key: string;
  create_sent: boolean;
  attempt_count: number;
  attempt_kind: AttemptKind;
};

// Every claim has the same text, so it is built once; a call fills in its values.
const CLAIM = fixedStatement(
  ["orderId", "jobVersion", "maxAttempts", "dueBy", "attemptId", "actorType", "actorId", "actorLabel", "workerId"],
  (v) => {
    const after = Prisma.sql`jsonb_build_object('status', 'provisioning', 'version', moved.version,
      'attemptCount', moved.attempt_count, 'currentAttemptId', ${v.attemptId}::text, 'nextAttemptAt', NULL,
      'attempt', moved.attempt_count, 'attemptKind', moved.attempt_kind)`;
    return Prisma.sql`
    WITH prev AS (
      SELECT id, status, version, attempt_count FROM "order"
      WHERE id = ${v.orderId}::uuid AND version = ${v.jobVersion}::int
        AND status IN (${Prisma.join(RUNNABLE.map((s) => Prisma.sql`${s}::"OrderStatus"`))})
        AND action = 'create' AND depends_on_order_id IS NULL AND attempt_count < ${v.maxAttempts}::int
        AND (next_attempt_at IS NULL OR next_attempt_at <= ${v.dueBy}::timestamptz)
    ), moved AS (
      UPDATE "order" o SET status = 'provisioning', version = prev.version + 1, updated_at = now(), finished_at = NULL,
        attempt_count = prev.attempt_count + 1, current_attempt_id = ${v.attemptId}::uuid, next_attempt_at = NULL
      FROM prev
      -- Re-checked on the row as it is when another writer got there first: then nothing moves.
      WHERE o.id = prev.id AND o.version = prev.version AND o.status = prev.status
      RETURNING o.id, o.reseller_id, prev.status AS from_status, prev.version AS from_version, o.version,
        o.attempt_count, o.kind, o.upstream_ref, o.provider, o.payload, o.sealed_secret, o.natural_key, o.create_sent,
        o.customer_id, o.last_error, o.action, o.service_id, -- what the outbox rows carry (lib/webhooks/outbox-sql.ts)
        (CASE WHEN o.create_sent THEN 'lookup' ELSE 'create' END)::"AttemptKind" AS attempt_kind
    ), audit AS (
      INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason)
      SELECT ${v.actorType}::text, ${v.actorId}::text, ${v.actorLabel}::text, moved.reseller_id, moved.id,
             'order.provisioning', jsonb_build_object('status', moved.from_status, 'version', moved.from_version),
             ${after}, NULL
      FROM moved RETURNING id
    ), started AS (
      INSERT INTO attempt (id, order_id, number, kind, worker_id, request)
      SELECT ${v.attemptId}::uuid, moved.id, moved.attempt_count, moved.attempt_kind, ${v.workerId}::text,
        CASE WHEN moved.create_sent THEN jsonb_build_object('naturalKey', moved.natural_key) END
      FROM moved RETURNING 1
    ), outbox AS (${transitionOutbox({
      from: Prisma.sql`moved.from_status::text`,
      to: "provisioning",
      version: Prisma.sql`moved.version`,
    })})
    SELECT id, from_status AS status, from_version AS version, kind, upstream_ref, provider, payload, sealed_secret,
      natural_key, create_sent, attempt_count - 1 AS attempt_count, attempt_kind
    FROM moved`;
  },
);

/**
 * The order as it was read (status, version and attempt count before the claim) and the step it
 * is now in; undefined when the plain path must decide. A create attempt's request is not known
 * before the payload is read, so it is recorded with the attempt's outcome (`requestPending`).
 */
export async function claimAttempt(
  orderId: string,
  jobVersion: number | undefined,
  ctx: ProvisionContext,
  dueBy: Date,
): Promise<{ order: LoadedOrder; step: Step & { requestPending: boolean } } | undefined> {
  if (jobVersion === undefined) return undefined;
  const attemptId = randomUUID();
  const actor = workerActor(ctx);
  const rows = await CLAIM.rows<Row>({
    orderId,
    jobVersion,
    maxAttempts: ctx.settings.maxAttempts,
    dueBy: dueBy.toISOString(),
    attemptId,
    actorType: actor.type,
    actorId: actor.id ?? null,
    actorLabel: actor.label ?? null,
    workerId: ctx.workerId,
  });
  const r = rows[0];
  if (!r) return undefined;
  recordTransition(r.status, "provisioning");
  const order: LoadedOrder = {
    id: r.id,
    status: r.status,
    version: r.version,
    kind: r.kind,
    action: "create",
    upstreamRef: r.upstream_ref,
    provider: r.provider,
    payload: r.payload as LoadedOrder["payload"],
    sealedSecret: r.sealed_secret as LoadedOrder["sealedSecret"],
    naturalKey: r.natural_key,
    createSent: r.create_sent,
    attemptCount: r.attempt_count,
    nextAttemptAt: null,
    dependsOnOrderId: null,
    dependsOn: null,
    serviceStatus: null,
  };
  const step = {
    orderId: r.id,
    attemptId,
    version: r.version + 1,
    kind: r.attempt_kind,
    number: r.attempt_count + 1,
    requestPending: r.attempt_kind === "create",
  };
  return { order, step };
}
