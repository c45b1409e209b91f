// The one order state machine (docs/design.md invariant 3). Every status change goes through
// `transition()`: an optimistic-locked update of the order row plus its audit event in one SQL
// statement (so atomic even outside a transaction; inside the caller's transaction when given
// one), so a status never changes without a trace and two writers never both win.

import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { fieldProblemsInEnglish } from "@/lib/i18n/field-problems";
import { recordTransition } from "@/lib/metrics/record";
import { type FilledStatement, fixedStatementPerShape, sendFilled } from "@/lib/prepared-sql";
import { IllegalTransitionError, StaleOrderError } from "./errors";
import {
  PATCH_KEYS,
  type PatchColumns,
  patchValues,
  type StepShape,
  type StepSlots,
  type StepValues,
  stepStatement,
} from "./transition-sql";

/**
 * Who may take a step: `anyone` (a worker, the relay, the system or a person) or only a `person`,
 * a signed-in user whose action is audited (docs/decisions/0002-person-only-transitions.md:
 * a failed order changes only by a person's action; a held one waits for a person). One table,
 * so a step cannot be person-only without being allowed at all.
 */
type Taker = "anyone" | "person";

const STEPS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderStatus, Taker>>>>> = {
  pending: { queued: "anyone", cancelled: "anyone" },
  queued: { provisioning: "anyone", cancelled: "anyone" },
  provisioning: { succeeded: "anyone", retrying: "anyone", unknown: "anyone", held: "anyone", failed: "anyone" },
  // → queued: support's "retry now", without waiting for the backoff.
  retrying: { provisioning: "anyone", queued: "person", cancelled: "anyone" },
  // After the lookup by natural key; the worker normally goes through provisioning.
  unknown: { provisioning: "anyone", succeeded: "anyone", failed: "anyone" },
  // → succeeded: support marks it resolved by hand with the upstream reference.
  held: { queued: "person", succeeded: "person", cancelled: "person" },
  failed: { queued: "person", succeeded: "person", cancelled: "person" },
  succeeded: {},
  cancelled: {},
};

export function requiresPerson(from: OrderStatus, to: OrderStatus): boolean {
  return STEPS[from][to] === "person";
}

const TERMINAL_STATUSES: readonly OrderStatus[] = ["succeeded", "cancelled"];
/** The sealed secret is deleted on the terminal states only: a failed order may still be retried
 * by support (failed → queued), which needs it; "edit and resubmit" cancels the failed order. */
export function clearsSecret(to: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(to);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return STEPS[from][to] !== undefined;
}

/** Fields a transition may set besides status. The sealed secret is cleared by the machine itself. */
export type TransitionPatch = PatchColumns;

export type TransitionInput = {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  expectedVersion: number;
  actor: Actor;
  reason?: string | null;
  patch?: TransitionPatch;
  /** Written on the audit event only (e.g. the attempt number); never secrets. */
  details?: Record<string, Prisma.InputJsonValue | null>;
};

/** Anything that runs SQL: the client itself or an interactive transaction. */
type Tx = Pick<Prisma.TransactionClient, "$queryRaw">;

/** The step's shape and values, once it is known to be allowed. */
function stepOf(input: TransitionInput): { shape: StepShape; values: StepValues } {
  const { orderId, from, to, expectedVersion, patch = {} } = input;
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  if (requiresPerson(from, to) && input.actor.type !== "user") throw new IllegalTransitionError(from, to);
  const ends = TERMINAL_STATUSES.includes(to) || to === "failed";
  const version = expectedVersion + 1;
  const shape: StepShape = {
    from,
    to,
    patched: PATCH_KEYS.filter((k) => patch[k] !== undefined),
    setQueuedAt: to === "queued",
    finishedAt: ends ? "now" : to === "queued" || to === "provisioning" ? "null" : "keep",
    clearSecret: clearsSecret(to),
  };
  const values: StepValues = {
    orderId,
    expectedVersion,
    version,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label ?? null,
    before: JSON.stringify({ status: from, version: expectedVersion }),
    after: JSON.stringify({ status: to, version, ...auditPatch(patch), ...(input.details ?? {}) }),
    reason: input.reason ?? null,
    ...patchValues(patch),
    ...(to === "succeeded" ? { newServiceId: randomUUID() } : {}),
  };
  return { shape, values };
}

function moved(input: TransitionInput, row: { n: number } | undefined): number {
  if (row?.n !== 1) throw new StaleOrderError(input.orderId);
  // Counted once the statement committed it, or, inside a caller's transaction, once it ran.
  recordTransition(input.from, input.to);
  return input.expectedVersion + 1;
}

/**
 * Returns the new version. Throws IllegalTransitionError or StaleOrderError. `also` adds
 * statements that commit with the step (see transition-sql.ts); they may read `moved`.
 */
export async function transition(tx: Tx, input: TransitionInput, also: Prisma.Sql[] = []): Promise<number> {
  const { shape, values } = stepOf(input);
  const [row] = await tx.$queryRaw<{ n: number }[]>(stepStatement(shape, values, also));
  return moved(input, row);
}

/**
 * One extra part of a prepared step (`preparedTransition`): `name` names its text (the same name
 * must always build the same text), `build` makes it from slots of its `values`, whose keys are
 * its own (not a step value's).
 */
export type StepPart<K extends string> = {
  name: string;
  build: (slots: Readonly<Partial<Record<K, unknown>>>) => Prisma.Sql;
  values: Partial<Record<K, unknown>>;
};

// The step's text, built once per shape and part; a call only fills in the values.
const PREPARED_STEPS = fixedStatementPerShape(
  (s: { step: StepShape; part: StepPart<string> }, slots) =>
    stepStatement(s.step, slots as StepSlots, [s.part.build(slots)]),
  // Everything the builder reads of the shape; cheaper than its JSON (once per order).
  ({ step: s, part }) =>
    `${s.from} ${s.to} ${s.patched.join()} ${s.setQueuedAt} ${s.finishedAt} ${s.clearSecret} ${part.name}`,
);

/** What `preparedTransition` sends: the step's statement of its shape, with this step's values. */
export function preparedStep<K extends string>(input: TransitionInput, part: StepPart<K>): FilledStatement {
  const { shape, values } = stepOf(input);
  return PREPARED_STEPS.statement({ step: shape, part: part as StepPart<string> }, [values, part.values]);
}

/**
 * `transition()` for the worker's outcome, every order's last statement: the same step and
 * statement, sent with plain pg as a prepared statement whose text is built once per shape
 * (lib/prepared-sql.ts `fixedStatementPerShape`) rather than with Prisma's tag on every order.
 */
export async function preparedTransition<K extends string>(input: TransitionInput, part: StepPart<K>): Promise<number> {
  const [row] = await sendFilled<{ n: number }>(preparedStep(input, part));
  return moved(input, row);
}

// An explicit list of what the audit row may carry from the patch.
function auditPatch(p: TransitionPatch): Record<string, Prisma.InputJsonValue | null> {
  const out: Record<string, Prisma.InputJsonValue | null> = {};
  if (p.upstreamRef !== undefined) out.upstreamRef = p.upstreamRef;
  if (p.attemptCount !== undefined) out.attemptCount = p.attemptCount;
  if (p.currentAttemptId !== undefined) out.currentAttemptId = p.currentAttemptId;
  if (p.nextAttemptAt !== undefined) out.nextAttemptAt = p.nextAttemptAt?.toISOString() ?? null;
  if (p.createSent !== undefined) out.createSent = p.createSent;
  // The audit record keeps English, like the API (the column holds keys, lib/i18n/field-problems.ts).
  if (p.fieldErrors !== undefined) out.fieldErrors = fieldProblemsInEnglish(p.fieldErrors);
  if (p.lastError !== undefined) out.lastError = p.lastError;
  return out;
}
