// The dispatch relay (docs/design.md invariant 1): the safety net that makes a Redis outage or a
// crash delay orders, never lose them. Each pass, in small batches (the due orders of step 1
// claimed with FOR UPDATE SKIP LOCKED, so several worker replicas share them without waiting;
// steps 2 and 3 guarded by the order's version instead):
//  1. queued orders still queued after a grace period, and retrying/unknown orders whose retry
//     time has passed, are enqueued again — job ids are per order version, so an order whose job
//     still waits in Redis is not doubled. Each provider gets its own batch, so one provider's
//     backlog never starves the other;
//  2. orders stuck in provisioning whose attempt was lost — its worker stopped sending heartbeats
//     (killed mid-call), its living worker no longer lists it (the worker's own write failed), or
//     it is older than any attempt can run — get their attempt marked abandoned and go to
//     unknown (look up first; support cannot cancel an order that may exist), and are enqueued;
//  3. pending grommunio domains whose server order succeeded are queued.
// All times are compared on the database clock (docs/reliability.md "Deadlines").
import { Prisma, plainSql, sqlRows, sqlTransaction } from "@/lib/db";
import type { AttemptKind, Provider } from "@/lib/generated/prisma/enums";
import { portalText } from "@/lib/i18n/portal-texts";
import type { EnqueueTarget } from "@/lib/jobs/enqueue-order";
import { log } from "@/lib/log";
import { promoteDependents } from "./dependents";
import { isOrderDomainError } from "./errors";
import { transition } from "./state-machine";

export type RelaySettings = {
  enqueue: (orders: EnqueueTarget[], delayMs?: number) => Promise<boolean>;
  /** How long a queued (or due) order may sit before the relay rings again. */
  graceMs: number;
  /** A provisioning attempt whose worker has been silent this long is abandoned. */
  staleWorkerMs: number;
  /** Attempts older than this are abandoned even if their worker still beats. */
  hardLimitMs: number;
  /** A current attempt missing from a heartbeat this much newer than the attempt was lost by its worker. */
  lostAttemptMarginMs: number;
  /** After an abandoned create: how long the upstream may still be working on it before we look. */
  lookupDelayMs: number;
  batch?: number;
  /** Leaves out orders whose job still waits in Redis (lib/jobs/enqueue-order.ts); all are re-rung without it. */
  withoutWaitingJobs?: (orders: EnqueueTarget[]) => Promise<EnqueueTarget[]>;
};

type Row = { id: string; provider: Provider; version: number };
const SYSTEM = { type: "system", label: "relay" } as const;

export async function relayOnce(
  s: RelaySettings,
): Promise<{ dispatched: number; recovered: number; promoted: number }> {
  const dispatched = await dispatchDue(s);
  const recovered = await recoverStale(s);
  const promoted = await promoteDependents(undefined, (o) => s.enqueue([o]), s.batch ?? 50);
  return { dispatched, recovered, promoted };
}

const PROVIDERS: readonly Provider[] = ["grommunio", "qboxmail"];

async function dispatchDue(s: RelaySettings): Promise<number> {
  let total = 0;
  for (const provider of PROVIDERS) total += await dispatchDueFor(provider, s);
  return total;
}

async function dispatchDueFor(provider: Provider, s: RelaySettings): Promise<number> {
  const batch = s.batch ?? 100;
  const graceSec = s.graceMs / 1000;
  const queuedDue = Prisma.sql`status = 'queued' AND provider = ${provider}::"Provider"
    AND queued_at <= now() - make_interval(secs => ${graceSec}::float8)`;
  const retryDue = Prisma.sql`status IN ('retrying', 'unknown') AND provider = ${provider}::"Provider"
    AND next_attempt_at <= now() - make_interval(secs => ${graceSec}::float8)`;
  // First read, without locks, and ask Redis which of them lack their job. In a backlog the oldest
  // queued orders are exactly the ones the workers are claiming, and their jobs still wait or run:
  // locking them while Redis answers and the lock's commit is flushed made every claim of those rows
  // wait for the relay (docs/benchmarks/worker.md "The relay locks only what it rings").
  // Plain pg: the worker's idle loops never load the ORM's query compiler (docs/benchmarks.md).
  const candidates = await sqlRows<Row>(Prisma.sql`
    (SELECT id, provider, version FROM "order" WHERE ${queuedDue} ORDER BY queued_at LIMIT ${batch}::int)
    UNION ALL
    (SELECT id, provider, version FROM "order" WHERE ${retryDue} ORDER BY next_attempt_at LIMIT ${batch}::int)`);
  const missing = s.withoutWaitingJobs && candidates.length ? await s.withoutWaitingJobs(candidates) : candidates;
  if (!missing.length) return 0;
  // Then lock only those, as they are now (same version, still due), for as long as the enqueue
  // runs; SKIP LOCKED lets another worker's relay take the rest. A worker's transition on one of
  // these rows waits those few milliseconds at most.
  return sqlTransaction(async (sql) => {
    const rows = await sql<Row>(Prisma.sql`
      SELECT id, provider, version FROM "order"
      WHERE (id, version) IN (SELECT * FROM unnest(${missing.map((r) => r.id)}::uuid[], ${missing.map((r) => r.version)}::int[]))
        AND ((${queuedDue}) OR (${retryDue}))
      FOR UPDATE SKIP LOCKED`);
    if (rows.length && (await s.enqueue(rows))) {
      log.info("relay dispatched orders", { provider, count: rows.length });
      return rows.length;
    }
    return 0;
  });
}

async function recoverStale(s: RelaySettings): Promise<number> {
  const secs = (ms: number) => ms / 1000;
  const stale = await sqlRows<Row & { attemptId: string; attemptKind: AttemptKind; lookupInMs: number }>(Prisma.sql`
    SELECT o.id, o.provider, o.version, a.id AS "attemptId", a.kind AS "attemptKind",
      greatest(0, extract(epoch FROM (a.started_at + make_interval(secs => ${secs(s.lookupDelayMs)}) - now())) * 1000)::int AS "lookupInMs"
    FROM "order" o
    JOIN attempt a ON a.id = o.current_attempt_id
    LEFT JOIN worker_heartbeat h ON h.worker_id = a.worker_id
    WHERE o.status = 'provisioning'
      AND (h.worker_id IS NULL
           OR h.last_seen < now() - make_interval(secs => ${secs(s.staleWorkerMs)})
           OR (h.last_seen > a.started_at + make_interval(secs => ${secs(s.lostAttemptMarginMs)})
               AND NOT (a.id = ANY (h.in_flight)))
           OR a.started_at < now() - make_interval(secs => ${secs(s.hardLimitMs)}))
      AND a.started_at < now() - make_interval(secs => ${secs(Math.min(s.staleWorkerMs, s.lostAttemptMarginMs))})
    LIMIT ${s.batch ?? 50}::int`);
  let recovered = 0;
  for (const row of stale) {
    const lookupAt = new Date(Date.now() + row.lookupInMs);
    const released = await releaseAttempt(
      row,
      row.attemptId,
      row.attemptKind,
      portalText("workerLost"),
      SYSTEM,
      lookupAt,
    );
    if (released !== undefined) {
      recovered++;
      await s.enqueue([{ id: row.id, provider: row.provider, version: released }], row.lookupInMs);
    }
  }
  if (recovered) log.warn("relay recovered orders from stopped workers", { count: recovered });
  return recovered;
}

/**
 * Marks an attempt abandoned (unless its worker already recorded how the call ended) and moves
 * its order out of provisioning to unknown: after a create, the create may have reached the
 * upstream (create_sent is set); after a lookup, the order already was maybe-applied. Either way
 * the next run looks up first, and support cannot cancel it without resolving it. One statement,
 * order row first, then the attempt (the one lock order). Returns the new version, or undefined
 * when the order had already moved on. Also used by a worker shutting down or failing.
 */
export async function releaseAttempt(
  order: { id: string; version: number },
  attemptId: string,
  kind: AttemptKind,
  why: string,
  actor: Parameters<typeof transition>[1]["actor"],
  nextAttemptAt: Date = new Date(),
): Promise<number | undefined> {
  try {
    // Plain pg: the relay and a stopping worker release attempts; the ORM would load its query
    // compiler into the worker for this alone (docs/benchmarks/worker.md "No ORM in a long drain").
    return await transition(
      plainSql,
      {
        orderId: order.id,
        from: "provisioning",
        to: "unknown",
        expectedVersion: order.version,
        actor,
        reason: why,
        patch: { nextAttemptAt, lastError: why, ...(kind !== "lookup" ? { createSent: true } : {}) },
      },
      [
        Prisma.sql`UPDATE attempt SET finished_at = now(), outcome = 'abandoned', message = ${why}::text
          FROM moved WHERE attempt.id = ${attemptId}::uuid AND attempt.finished_at IS NULL RETURNING 1`,
      ],
    );
  } catch (err) {
    if (isOrderDomainError(err)) return undefined;
    throw err;
  }
}
