// The SQL of one state-machine step: a single statement whose CTEs update the order (guarded by
// id, version and status), append the audit event and run any extra statement the caller adds
// (an attempt row written with the step). One statement is atomic on its own, so a step costs
// one round trip instead of an interactive transaction's five — the pipeline's hot path takes
// two steps per attempt (docs/design.md#budgets).

import { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { serviceEffectsSql } from "@/lib/orders/service-effects";
import { transitionOutbox } from "@/lib/webhooks/outbox-sql";

export type PatchColumns = {
  upstreamRef?: string | null;
  attemptCount?: number;
  currentAttemptId?: string | null;
  nextAttemptAt?: Date | null;
  createSent?: boolean;
  fieldErrors?: Prisma.InputJsonValue | null;
  lastError?: string | null;
};

/** The patch's columns in the order a step sets them (and the audit record lists them). */
export const PATCH_KEYS = [
  "upstreamRef",
  "attemptCount",
  "currentAttemptId",
  "nextAttemptAt",
  "createSent",
  "fieldErrors",
  "lastError",
] as const satisfies readonly (keyof PatchColumns)[];
export type PatchKey = (typeof PATCH_KEYS)[number];

/**
 * What decides a step statement's text: the statuses (a step to `succeeded` adds the service
 * effects), the columns it sets and those it sets itself. The worker builds its outcome's text once per shape
 * (`fixedStatementPerShape`, lib/prepared-sql.ts), so the text may depend on nothing else.
 */
export type StepShape = {
  from: OrderStatus;
  to: OrderStatus;
  /** The patch's columns, in PATCH_KEYS order. */
  patched: PatchKey[];
  setQueuedAt: boolean;
  finishedAt: "now" | "null" | "keep";
  clearSecret: boolean;
};

/**
 * The step's values, each one parameter, derived before the text is built (the text is built
 * with slots in their place when it is built once per shape, so nothing is computed from them
 * there). `newServiceId` only for a step to `succeeded`.
 */
export type StepValues = {
  orderId: string;
  expectedVersion: number;
  version: number;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  /** JSON text of the audit event's before and after. */
  before: string;
  after: string;
  reason: string | null;
  upstreamRef?: string | null;
  attemptCount?: number;
  currentAttemptId?: string | null;
  /** ISO text. */
  nextAttemptAt?: string | null;
  createSent?: boolean;
  /** JSON text. */
  fieldErrors?: string | null;
  lastError?: string | null;
  newServiceId?: string;
};

/** The values as given, or the slots standing for them. */
export type StepSlots = { readonly [K in keyof StepValues]?: unknown };

const json = (v: Prisma.InputJsonValue | null | undefined) =>
  v === null || v === undefined ? null : JSON.stringify(v);

/** The patch's values as the statement binds them (dates as ISO text, JSON as text). */
export function patchValues(p: PatchColumns): Pick<StepValues, PatchKey> {
  const out: Pick<StepValues, PatchKey> = {};
  if (p.upstreamRef !== undefined) out.upstreamRef = p.upstreamRef;
  if (p.attemptCount !== undefined) out.attemptCount = p.attemptCount;
  if (p.currentAttemptId !== undefined) out.currentAttemptId = p.currentAttemptId;
  if (p.nextAttemptAt !== undefined) out.nextAttemptAt = p.nextAttemptAt?.toISOString() ?? null;
  if (p.createSent !== undefined) out.createSent = p.createSent;
  if (p.fieldErrors !== undefined) out.fieldErrors = json(p.fieldErrors);
  if (p.lastError !== undefined) out.lastError = p.lastError;
  return out;
}

const PATCH_SETS: Record<PatchKey, (v: StepSlots) => Prisma.Sql> = {
  upstreamRef: (v) => Prisma.sql`upstream_ref = ${v.upstreamRef}::text`,
  attemptCount: (v) => Prisma.sql`attempt_count = ${v.attemptCount}::int`,
  currentAttemptId: (v) => Prisma.sql`current_attempt_id = ${v.currentAttemptId}::uuid`,
  nextAttemptAt: (v) => Prisma.sql`next_attempt_at = ${v.nextAttemptAt}::timestamptz`,
  createSent: (v) => Prisma.sql`create_sent = ${v.createSent}::boolean`,
  fieldErrors: (v) => Prisma.sql`field_errors = ${v.fieldErrors}::jsonb`,
  lastError: (v) => Prisma.sql`last_error = ${v.lastError}::text`,
};

function setClauses(s: StepShape, v: StepSlots): Prisma.Sql[] {
  const sets = [
    Prisma.sql`status = ${s.to}::"OrderStatus"`,
    Prisma.sql`version = ${v.version}::int`,
    Prisma.sql`updated_at = now()`,
  ];
  if (s.setQueuedAt) sets.push(Prisma.sql`queued_at = now()`);
  if (s.finishedAt === "now") sets.push(Prisma.sql`finished_at = now()`);
  if (s.finishedAt === "null") sets.push(Prisma.sql`finished_at = NULL`);
  if (s.clearSecret) sets.push(Prisma.sql`sealed_secret = NULL`);
  for (const key of s.patched) sets.push(PATCH_SETS[key](v));
  return sets;
}

/**
 * What `moved` returns: the order's fixed facts and the two columns a step may patch, so the
 * statement's other parts (outbox rows, service effects) read them from the update instead of
 * joining the order row again (each join was one more index scan to plan and run per step,
 * docs/benchmarks/postgres.md "Postgres CPU per order, by statement").
 */
const MOVED_COLUMNS = Prisma.raw(
  "id, reseller_id, customer_id, kind, provider, action, natural_key, display_name, service_id, upstream_ref, last_error",
);

/**
 * A step's statement. `also`: extra CTE bodies; they may select from `moved` (the order as the
 * step leaves it: the columns of MOVED_COLUMNS), which is empty when the guard failed. A step
 * to `succeeded` adds the service effects, and every step its webhook outbox rows (both commit
 * with the step or not at all: docs/webhooks.md).
 */
export function stepStatement(s: StepShape, v: StepSlots, callerAlso: Prisma.Sql[]): Prisma.Sql {
  const patched = (key: PatchKey) => (s.patched.includes(key) ? v[key] : undefined);
  const named = (name: string, body: Prisma.Sql) => Prisma.sql`, ${Prisma.raw(name)} AS (${body})`;
  const extra = [
    ...callerAlso.map((body, i) => named(`also_${i}`, body)),
    // Every way into `succeeded` (worker, support's "mark resolved") has the same effect on
    // services; named, since the service's event reads what the service's update wrote.
    ...(s.to === "succeeded" ? serviceEffectsSql(v.newServiceId, patched("upstreamRef") ?? null) : []).map((c) =>
      named(c.name, c.body),
    ),
    named(
      "outbox",
      transitionOutbox({
        from: s.from,
        to: s.to,
        version: Prisma.sql`${v.version}::int`,
        upstreamRef: patched("upstreamRef"),
        lastError: patched("lastError"),
      }),
    ),
  ];
  return Prisma.sql`
    WITH moved AS (
      UPDATE "order" SET ${Prisma.join(setClauses(s, v), ", ")}
      WHERE id = ${v.orderId}::uuid AND version = ${v.expectedVersion}::int AND status = ${s.from}::"OrderStatus"
      RETURNING ${MOVED_COLUMNS}
    ), audit AS (
      INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason)
      SELECT ${v.actorType}::text, ${v.actorId}::text, ${v.actorLabel}::text, moved.reseller_id, moved.id,
             ${`order.${s.to}`}::text, ${v.before}::jsonb, ${v.after}::jsonb, ${v.reason}::text
      FROM moved RETURNING id
    )${extra.length ? Prisma.join(extra, "") : Prisma.empty}
    SELECT count(*)::int AS n FROM moved`;
}
