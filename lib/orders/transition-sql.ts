// The SQL of one state-machine step: a single statement whose CTEs update the order (guarded by
// id, version and status), append the audit event and run any extra statement the caller adds
// (an attempt row written with the step). One statement is atomic on its own, so a step costs
// one round trip instead of an interactive transaction's five — the pipeline's hot path takes
// two steps per attempt (docs/design.md#budgets).

import type { Actor } from "@/lib/audit/record-audit";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus } from "@/lib/generated/prisma/enums";

export type PatchColumns = {
  upstreamRef?: string | null;
  attemptCount?: number;
  currentAttemptId?: string | null;
  nextAttemptAt?: Date | null;
  createSent?: boolean;
  fieldErrors?: Prisma.InputJsonValue | null;
  lastError?: string | null;
};

export type StepSql = {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  expectedVersion: number;
  patch: PatchColumns;
  setQueuedAt: boolean;
  finishedAt: "now" | "null" | "keep";
  clearSecret: boolean;
  actor: Actor;
  before: Prisma.InputJsonValue;
  after: Prisma.InputJsonValue;
  reason: string | null;
  /**
   * Extra CTE bodies; they may select from `moved` (the order as the step leaves it: the columns of
   * MOVED_COLUMNS), which is empty when the guard failed.
   */
  also: Prisma.Sql[];
};

const json = (v: Prisma.InputJsonValue | null | undefined) =>
  v === null || v === undefined ? null : JSON.stringify(v);

function setClauses(s: StepSql): Prisma.Sql[] {
  const p = s.patch;
  const sets = [
    Prisma.sql`status = ${s.to}::"OrderStatus"`,
    Prisma.sql`version = ${s.expectedVersion + 1}::int`,
    Prisma.sql`updated_at = now()`,
  ];
  if (s.setQueuedAt) sets.push(Prisma.sql`queued_at = now()`);
  if (s.finishedAt === "now") sets.push(Prisma.sql`finished_at = now()`);
  if (s.finishedAt === "null") sets.push(Prisma.sql`finished_at = NULL`);
  if (s.clearSecret) sets.push(Prisma.sql`sealed_secret = NULL`);
  if (p.upstreamRef !== undefined) sets.push(Prisma.sql`upstream_ref = ${p.upstreamRef}::text`);
  if (p.attemptCount !== undefined) sets.push(Prisma.sql`attempt_count = ${p.attemptCount}::int`);
  if (p.currentAttemptId !== undefined) sets.push(Prisma.sql`current_attempt_id = ${p.currentAttemptId}::uuid`);
  if (p.nextAttemptAt !== undefined)
    sets.push(Prisma.sql`next_attempt_at = ${p.nextAttemptAt?.toISOString() ?? null}::timestamptz`);
  if (p.createSent !== undefined) sets.push(Prisma.sql`create_sent = ${p.createSent}::boolean`);
  if (p.fieldErrors !== undefined) sets.push(Prisma.sql`field_errors = ${json(p.fieldErrors)}::jsonb`);
  if (p.lastError !== undefined) sets.push(Prisma.sql`last_error = ${p.lastError}::text`);
  return sets;
}

/**
 * What `moved` returns: the order's fixed facts and the two columns a step may patch, so the
 * statement's other parts (outbox rows, service effects) read them from the update instead of
 * joining the order row again (each join was one more index scan to plan and run per step,
 * docs/benchmarks.md "Postgres CPU per order, by statement").
 */
const MOVED_COLUMNS = Prisma.raw(
  "id, reseller_id, customer_id, kind, provider, action, natural_key, display_name, service_id, upstream_ref, last_error",
);

export function stepStatement(s: StepSql): Prisma.Sql {
  const extra = s.also.map((body, i) => Prisma.sql`, ${Prisma.raw(`also_${i}`)} AS (${body})`);
  return Prisma.sql`
    WITH moved AS (
      UPDATE "order" SET ${Prisma.join(setClauses(s), ", ")}
      WHERE id = ${s.orderId}::uuid AND version = ${s.expectedVersion}::int AND status = ${s.from}::"OrderStatus"
      RETURNING ${MOVED_COLUMNS}
    ), audit AS (
      INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason)
      SELECT ${s.actor.type}::text, ${s.actor.id ?? null}::text, ${s.actor.label ?? null}::text, moved.reseller_id, moved.id,
             ${`order.${s.to}`}::text, ${json(s.before)}::jsonb, ${json(s.after)}::jsonb, ${s.reason}::text
      FROM moved RETURNING id
    )${extra.length ? Prisma.join(extra, "") : Prisma.empty}
    SELECT count(*)::int AS n FROM moved`;
}
