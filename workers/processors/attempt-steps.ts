// The database steps around each upstream call (docs/design.md invariant 2): the attempt row is
// committed, and the order points at it, before the call; the outcome is written only while
// the order still points at it. Each step is one short transaction.
import { randomUUID } from "node:crypto";
import { Prisma, sqlRows } from "@/lib/db";
import type { AttemptKind, AttemptOutcome, OrderStatus } from "@/lib/generated/prisma/enums";
import { portalText, storedText } from "@/lib/i18n/portal-texts";
import { releaseAttempt } from "@/lib/orders/relay";
import type { FailedAttempts } from "@/lib/orders/retry-cap";
import { type StepPart, transition } from "@/lib/orders/state-machine";
import { preparedRows, preparedSql } from "@/lib/prepared-sql";
import type { CallInfo } from "@/lib/upstream/result";
import { type InFlightAttempt, type ProvisionContext, workerActor } from "./context";

export type Step = InFlightAttempt & { number: number };

type Startable = { id: string; status: OrderStatus; version: number; attemptCount: number };

/**
 * queued/retrying/unknown → provisioning, with a new current attempt, in one statement (the
 * attempt row commits with the step). Throws StaleOrderError when another worker got there first.
 */
export async function beginAttempt(
  order: Startable,
  kind: AttemptKind,
  request: Prisma.InputJsonValue,
  ctx: ProvisionContext,
): Promise<Step> {
  const attemptId = randomUUID();
  const number = order.attemptCount + 1;
  // create_sent is NOT set here: only an outcome that may have committed sets it (write-outcome.ts,
  // and the release of an abandoned create in lib/orders/relay.ts), so an answer that proves
  // nothing was committed (429, refused connection, failed login) leaves the order "never sent".
  const version = await transition(
    preparedSql,
    {
      orderId: order.id,
      from: order.status,
      to: "provisioning",
      expectedVersion: order.version,
      actor: workerActor(ctx),
      patch: { attemptCount: number, currentAttemptId: attemptId, nextAttemptAt: null },
      details: { attempt: number, attemptKind: kind },
    },
    [
      Prisma.sql`
    INSERT INTO attempt (id, order_id, number, kind, worker_id, request)
    SELECT ${attemptId}::uuid, moved.id, ${number}::int, ${kind}::"AttemptKind", ${ctx.workerId}::text, ${JSON.stringify(request)}::jsonb
    FROM moved RETURNING 1`,
    ],
  );
  return { orderId: order.id, attemptId, version, kind, number };
}

/** An attempt's end as the statements bind it, one parameter each (JSON as text). */
type FactsValues = {
  attemptId: string;
  outcome: AttemptOutcome;
  message: string | null;
  httpMethod: string | null;
  httpPath: string | null;
  httpStatus: number | null;
  durationMs: number | null;
  upstreamRequestId: string | null;
  response: string | null;
  request?: string;
};

function factsValues(attemptId: string, f: AttemptFacts): FactsValues {
  return {
    attemptId,
    outcome: f.outcome,
    message: f.message === undefined ? null : storedText(f.message),
    httpMethod: f.call?.method ?? null,
    httpPath: f.call?.path ?? null,
    httpStatus: f.call?.status ?? null,
    durationMs: f.call?.durationMs ?? null,
    upstreamRequestId: f.call?.requestId ?? null,
    response: f.response === undefined ? null : JSON.stringify(f.response),
    ...(f.request === undefined ? {} : { request: JSON.stringify(f.request) }),
  };
}

/** The values, or the slots of a statement built once (lib/prepared-sql.ts). */
type FactsSlots = { readonly [K in keyof FactsValues]?: unknown };

/** The attempt's facts, written by the same statement as the order's step (it reads `moved`). */
export function finishAttemptSql(attemptId: string, f: AttemptFacts): Prisma.Sql {
  return finishAttempt(factsValues(attemptId, f), f.request !== undefined);
}

function finishAttempt(v: FactsSlots, withRequest: boolean): Prisma.Sql {
  return Prisma.sql`
    UPDATE attempt SET ${attemptFactsSet(v)}${
      withRequest ? Prisma.sql`, request = coalesce(attempt.request, ${v.request}::jsonb)` : Prisma.empty
    }
    FROM moved WHERE attempt.id = ${v.attemptId}::uuid RETURNING 1`;
}

/**
 * `finishAttemptSql` as a part of the worker's outcome step (`preparedTransition`), whose text is
 * built once per shape: two texts, with and without the request.
 */
export function finishAttemptPart(attemptId: string, f: AttemptFacts): StepPart<keyof FactsValues> {
  const withRequest = f.request !== undefined;
  return {
    name: withRequest ? "attempt finished, with its request" : "attempt finished",
    build: (v) => finishAttempt(v, withRequest),
    values: factsValues(attemptId, f),
  };
}

/** The SET list of an attempt's end: when, how, the call's facts and the answer (absent = NULL). */
function attemptFactsSet(v: FactsSlots): Prisma.Sql {
  return Prisma.sql`finished_at = now(), outcome = ${v.outcome}::"AttemptOutcome", message = ${v.message}::text,
      http_method = ${v.httpMethod}::text, http_path = ${v.httpPath}::text, http_status = ${v.httpStatus}::int,
      duration_ms = ${v.durationMs}::int, upstream_request_id = ${v.upstreamRequestId}::text,
      response = ${v.response}::jsonb`;
}

/**
 * After a lookup found nothing (or a read-back found a change not applied yet): record it and
 * start the create (or change) attempt, still provisioning. Also the read-back that confirms a
 * Qboxmail delete (change-order.ts). One statement, order row first and
 * then the attempt rows (the one lock order, docs/reliability.md). The new attempt is
 * registered in flight before the old one leaves, so a heartbeat never misses both; undefined
 * (the order moved on meanwhile) leaves the old one for the caller's `finally` to drop.
 */
export async function continueWithCreate(
  prev: Step,
  lookup: AttemptFacts,
  request: Prisma.InputJsonValue,
  ctx: ProvisionContext,
  kind: "create" | "change" | "lookup" = "create",
  /**
   * The step ending was a change the upstream accepted but that is confirmed only by reading it
   * back (a queued Qboxmail deletion): from here on the order may have applied, as after a lost
   * answer, so it is read before anything is sent again and the retry cap holds it, never fails it.
   */
  accepted = false,
): Promise<Step | undefined> {
  const attemptId = randomUUID();
  const number = prev.number + 1;
  const [row] = await preparedRows<{ n: number }>(Prisma.sql`
    WITH moved AS (
      UPDATE "order" SET attempt_count = ${number}::int, current_attempt_id = ${attemptId}::uuid,
        version = ${prev.version + 1}::int, updated_at = now(), create_sent = create_sent OR ${accepted}::boolean
      WHERE id = ${prev.orderId}::uuid AND version = ${prev.version}::int AND status = 'provisioning'
        AND current_attempt_id = ${prev.attemptId}::uuid
      RETURNING id, reseller_id
    ), finished AS (${finishAttemptSql(prev.attemptId, lookup)}
    ), started AS (
      INSERT INTO attempt (id, order_id, number, kind, worker_id, request)
      SELECT ${attemptId}::uuid, moved.id, ${number}::int, ${kind}::"AttemptKind", ${ctx.workerId}::text,
        ${JSON.stringify(request)}::jsonb
      FROM moved RETURNING 1
    )
    SELECT count(*)::int AS n FROM moved`);
  if (row?.n !== 1) {
    // Superseded (the relay released the attempt meanwhile): what it found or sent is still
    // written on its attempt, as a late outcome is (the releaser's outcome stays; the facts join
    // its message), so the order's history shows the call that was answered.
    await recordLateAttempt(prev.attemptId, lookup);
    return undefined;
  }
  const next: Step = { orderId: prev.orderId, attemptId, version: prev.version + 1, kind, number };
  ctx.inFlight.set(next.attemptId, next);
  ctx.inFlight.delete(prev.attemptId);
  return next;
}

/**
 * Our own failure mid-attempt (e.g. Postgres away while writing the outcome): let go of the order
 * at once rather than leave it provisioning; a create or change is looked up next time, once it
 * would have landed. Should this release fail too, the attempt is missing from the next
 * heartbeat and the relay releases it.
 */
export async function releaseAfterOwnFailure(step: Step, ctx: ProvisionContext): Promise<void> {
  await releaseAttempt(
    { id: step.orderId, version: step.version },
    step.attemptId,
    step.kind,
    portalText("workerFailed"),
    workerActor(ctx),
    new Date(Date.now() + (step.kind !== "lookup" ? ctx.settings.unknownLookupDelayMs : 0)),
  ).catch(() => undefined);
}

export type AttemptFacts = {
  outcome: AttemptOutcome;
  call?: CallInfo;
  response?: Prisma.InputJsonValue;
  message?: string;
  /** The request, when the attempt row was started without it (claim-attempt.ts). */
  request?: Prisma.InputJsonValue;
};

/**
 * A stale attempt's late result (write-outcome.ts): its facts, only while the attempt is still
 * open, in one plain statement (no ORM in the worker: docs/benchmarks/worker.md "No ORM in a long
 * drain"). False when whoever released it finished it first (it then keeps that outcome).
 */
async function finishOpenAttempt(attemptId: string, f: AttemptFacts): Promise<boolean> {
  const rows = await sqlRows<{ id: string }>(Prisma.sql`
    UPDATE attempt SET ${attemptFactsSet(factsValues(attemptId, f))}${
      f.request === undefined ? Prisma.empty : Prisma.sql`, request = ${JSON.stringify(f.request)}::jsonb`
    }
    WHERE id = ${attemptId}::uuid AND finished_at IS NULL RETURNING id`);
  return rows.length === 1;
}

const RATE_LIMITED = Prisma.sql`(a.outcome = 'transient' AND a.http_status = 429)`;

/**
 * Failed attempts since the order was last queued: the retry budget. Transient and unknown
 * outcomes count, and so do attempts abandoned by a worker that died or stopped mid-call, so an
 * order that crashes its workers stops instead of looping. "auth" does not count, and a person's
 * retry (→ queued, which stamps queued_at) starts a fresh budget. Rate-limited ones (transient
 * with a 429) are counted apart: they spend less (lib/orders/retry-cap.ts budgetSpent).
 */
export async function failuresSoFar(
  tx: Pick<Prisma.TransactionClient, "$queryRaw">,
  orderId: string,
): Promise<FailedAttempts> {
  // Called, not tagged: the worker passes `plainSql` (lib/db.ts), which takes a built statement.
  const [row] = await tx.$queryRaw<FailedAttempts[]>(Prisma.sql`
    SELECT count(*) FILTER (WHERE NOT ${RATE_LIMITED})::int AS failed,
           count(*) FILTER (WHERE ${RATE_LIMITED})::int AS "rateLimited"
    FROM attempt a JOIN "order" o ON o.id = a.order_id
    WHERE a.order_id = ${orderId}::uuid AND a.outcome IN ('transient', 'unknown', 'abandoned')
      AND a.started_at >= coalesce(o.queued_at, o.created_at)`);
  return row ?? { failed: 0, rateLimited: 0 };
}

/** Whether an attempt's facts are a rate limit: known not applied, answered 429. */
export const isRateLimited = (f: AttemptFacts): boolean => f.outcome === "transient" && f.call?.status === 429;

/**
 * A stale attempt keeps an outcome set by whoever released it (abandoned); its facts are added.
 * Plain pg, no ORM: a late result must not load the query compiler into the worker for the rest
 * of its life (docs/benchmarks/worker.md "No ORM in a long drain").
 */
export async function recordLateAttempt(attemptId: string, facts: AttemptFacts): Promise<void> {
  const note = supersededNote(facts);
  if (await finishOpenAttempt(attemptId, { ...facts, message: note })) return;
  // Finished already: the note joins the releaser's message (read here, joined and cut as before),
  // and a request the releaser could not know (a create claimed without it, claim-attempt.ts) is
  // filled in, so support reads what was sent.
  const [closed] = await sqlRows<{ message: string | null }>(
    Prisma.sql`SELECT message FROM attempt WHERE id = ${attemptId}::uuid`,
  );
  const joined = closed?.message ? portalText("supersededAfterRelease", { note: closed.message, error: note }) : note;
  const request =
    facts.request === undefined
      ? Prisma.empty
      : Prisma.sql`, request = coalesce(request, ${JSON.stringify(facts.request)}::jsonb)`;
  await sqlRows(Prisma.sql`UPDATE attempt SET message = ${storedText(joined)}::text${request}
    WHERE id = ${attemptId}::uuid`);
}

/**
 * A late result's note: a portal text, so the timelines word it in the viewer's language, with
 * the attempt's own message (often the client's words for the answer) nested inside it rather
 * than the whole shown as if the provider had written it.
 */
function supersededNote(facts: AttemptFacts): string {
  const status = facts.call?.status;
  const error = facts.message?.trim();
  const values = { outcome: facts.outcome, ...(status ? { status } : {}), ...(error ? { error } : {}) };
  if (status) return portalText(error ? "superseded" : "supersededQuiet", values);
  return portalText(error ? "supersededNoAnswer" : "supersededNoAnswerQuiet", values);
}
