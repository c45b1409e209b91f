// Webhook delivery (docs/webhooks.md). Postgres holds the truth: the outbox rows written with
// each status change. The dispatcher claims due rows with a lease and puts one job per claim on
// the `webhook-deliveries` BullMQ queue; a job sends only if its claim is still the current one
// and records the outcome under the same guard, so a worker killed mid-send costs at most one
// repeated request with the same webhook-id (receivers dedupe on it), never a lost event.
import { auditInsertSql } from "@/lib/audit/record-audit";
import { Prisma, sqlRows, sqlTransaction } from "@/lib/db";
import { log } from "@/lib/log";
import { recordWebhookDelivery } from "@/lib/metrics/record";
import { preparedRows } from "@/lib/prepared-sql";
import type { EndpointSlots } from "./endpoint-slots";
import { openSecret } from "./endpoints";
import { webhookErrorText } from "./error-words";
import { leaseMs, outageSlackMs } from "./lease";
import { payloadForReseller } from "./payload-wording";
import { sendWebhook } from "./send";

export const WEBHOOK_QUEUE = "webhook-deliveries";
export type DeliveryJob = { deliveryId: string; lease: string };

/**
 * How long one job goes on sending its endpoint's next due deliveries after a success
 * (deliverOne), and at most how many: long enough to drain a backlog at the receiver's pace, short
 * enough that a worker stopping waits little for it.
 */
const PUMP_FOR_MS = 10_000;
const PUMP_MAX = 500;

export type DeliverySettings = {
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  retryForMs: number;
  disableAfterMs: number;
  allowPrivate: boolean;
};

/** Delay before retry number `attempt` (1-based): exponential, capped, plus up to 25 % jitter. */
function retryDelayMs(attempt: number, s: Pick<DeliverySettings, "retryBaseMs" | "retryMaxMs">): number {
  const plain = Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(plain * (1 + Math.random() * 0.25));
}

/** Attempts in one round: enough that the retries (without jitter) span at least `retryForMs`. */
function attemptsPerRound(s: Pick<DeliverySettings, "retryBaseMs" | "retryMaxMs" | "retryForMs">): number {
  let total = 0;
  let n = 1;
  while (total < s.retryForMs && n < 1_000) {
    total += Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.min(n - 1, 40));
    n++;
  }
  return n;
}

/**
 * Claims due deliveries of enabled endpoints (FOR UPDATE SKIP LOCKED: workers never claim the same
 * row), the resellers in turn: every reseller's oldest due delivery first, then every reseller's
 * second, and so on, oldest first within a reseller (by next_attempt_at, then creation, then id;
 * each endpoint's rows read along index webhook_delivery_endpoint_due). One endpoint's backlog (a
 * slow receiver, a re-enable of 200,000 waiting rows), or a reseller's many endpoints, therefore
 * take their turn beside other resellers' deliveries instead of filling every claim ahead of
 * them (docs/webhooks.md "Delivery"); a reseller gets at most `perEndpoint` rows of a claim. Ties on next_attempt_at (every row a re-enable made due at once)
 * go by creation, then id.
 * Each enabled endpoint's due rows are read up to `perEndpoint` (an index-only walk, no lock), the
 * claim's `limit` rows are picked from them, and only those are locked and leased: a row another
 * worker leased meanwhile is skipped, or no longer due. Two workers whose polls meet within the
 * few milliseconds of a claim pick the same rows, and the second takes few of them; its next poll
 * takes the rest. A disabled endpoint's rows are never read: deliverOne sends nothing to it and
 * leaves a claimed row to come due again at the lease, so claiming them would re-queue its
 * backlog forever.
 */
export async function claimDueDeliveries(
  s: DeliverySettings,
  limit = 200,
  /**
   * At most this many of one endpoint's rows, and of one reseller's, per claim: the worker's cap of
   * sends at a time to one endpoint or reseller (endpoint-slots.ts). More would only be given back
   * by the jobs over the cap; the jobs that send go on with the endpoint's next rows themselves
   * (deliverOne).
   */
  perEndpoint = limit,
  /** Endpoints and resellers to pass over: those with every slot of this process in flight (EndpointSlots.atCap). */
  skip: { endpoints: string[]; resellers: string[] } = { endpoints: [], resellers: [] },
): Promise<DeliveryJob[]> {
  // Plain pg: the dispatcher polls every second, and the worker's idle loops never load the ORM's
  // query compiler (docs/benchmarks/worker.md "Idle memory").
  // The jobs are queued in the order returned, and an UPDATE returns rows in no particular order:
  // the claim's order is carried through and restored at the end. MATERIALIZED: each step runs
  // once, whatever join the planner picks.
  const rows = await sqlRows<{ id: string; lease: Date }>(Prisma.sql`
    WITH candidates AS MATERIALIZED (
      SELECT w.id, w.next_attempt_at, w.created_at,
        row_number() OVER (PARTITION BY e.reseller_id ORDER BY w.next_attempt_at, w.created_at, w.id) AS turn
      FROM webhook_endpoint e
      CROSS JOIN LATERAL (
        SELECT d.id, d.next_attempt_at, d.created_at FROM webhook_delivery d
        WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= now()
        ORDER BY d.next_attempt_at, d.created_at, d.id LIMIT ${Math.min(limit, perEndpoint)}::int) w
      WHERE e.disabled_at IS NULL AND e.id <> ALL(${skip.endpoints}::uuid[])
        AND e.reseller_id <> ALL(${skip.resellers}::uuid[])),
    picked AS MATERIALIZED (
      SELECT id, turn, next_attempt_at, created_at FROM candidates WHERE turn <= ${perEndpoint}::int
      ORDER BY turn, next_attempt_at, created_at, id LIMIT ${limit}::int),
    due AS MATERIALIZED (
      SELECT d.id, p.turn, p.next_attempt_at, p.created_at FROM webhook_delivery d JOIN picked p ON p.id = d.id
      WHERE d.status = 'pending' AND d.next_attempt_at <= now()
      FOR UPDATE OF d SKIP LOCKED),
    claimed AS (
      UPDATE webhook_delivery d SET next_attempt_at = now() + ${leaseMs(s)}::float8 * interval '1 millisecond'
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.next_attempt_at AS lease, due.turn, due.next_attempt_at AS due_at, due.created_at)
    SELECT id, lease FROM claimed ORDER BY turn, due_at, created_at, id`);
  return rows.map((r) => ({ deliveryId: r.id, lease: r.lease.toISOString() }));
}

type Claimed = {
  id: string;
  lease: Date;
  endpoint_id: string;
  reseller_id: string;
  payload: unknown;
  attempt_count: number;
  url: string;
  sealed_secret: Uint8Array;
  /** The secret before a rotation, while it still signs (endpoints.ts rotateWebhookSecret). */
  previous_sealed_secret: Uint8Array | null;
};

const CLAIMED_COLUMNS = Prisma.raw(`d.id, d.next_attempt_at AS lease, d.endpoint_id, d.reseller_id, d.payload,
  d.attempt_count, e.url, e.sealed_secret,
  CASE WHEN e.previous_until > now() THEN e.previous_sealed_secret END AS previous_sealed_secret`);

/**
 * Sends one claimed delivery and records the outcome. Never throws for a receiver's failure.
 * Plain pg throughout: with endpoints every order's status change is a delivery, and the ORM's
 * query compiler would stay in the worker for good after the first (docs/benchmarks/worker.md "No ORM
 * in a long drain"). Each outcome is one statement, so the delivery and its endpoint still change
 * together, as one transaction.
 *
 * With `slots` (the worker), a success goes on in the same slot with the endpoint's next due
 * delivery, oldest first, claimed by the job itself, until one fails, none is due, or PUMP_FOR_MS
 * or PUMP_MAX is reached: a backlog (an endpoint turned back on with thousands waiting) drains at
 * the receiver's pace, one send after another in each of the endpoint's slots, in the order the
 * events were written, instead of one claim's worth per poll.
 */
export async function deliverOne(
  job: DeliveryJob,
  s: DeliverySettings,
  /** The process's per-endpoint cap (endpoint-slots.ts); none: no cap, no pumping (tests sending by hand). */
  slots?: EndpointSlots,
): Promise<"sent" | "failed" | "stale" | "deferred"> {
  // The claim is renewed as the send starts, so it outlives this send however long the job waited
  // in the queue: the dispatcher claims faster than slow receivers are sent to, and a claim that
  // ran out mid-send would be claimed again and this send's outcome dropped (not counted, no back-off).
  const [row] = await preparedRows<Claimed>(Prisma.sql`
    UPDATE webhook_delivery d SET next_attempt_at = now() + ${leaseMs(s)}::float8 * interval '1 millisecond'
    FROM webhook_endpoint e
    WHERE d.id = ${job.deliveryId}::uuid AND d.status = 'pending' AND d.next_attempt_at = ${job.lease}::timestamptz
      AND e.id = d.endpoint_id AND e.disabled_at IS NULL
    RETURNING ${CLAIMED_COLUMNS}`);
  if (!row) return "stale";
  const lease = row.lease.toISOString();
  if (slots && !slots.take(row.endpoint_id, row.reseller_id)) {
    // Its endpoint, or its reseller's endpoints together, already have their share of this
    // process's slots: the claim is given back, nothing sent or counted, due since it was written,
    // so it keeps its place among the endpoint's due rows, which go by due time, then creation
    // (the sends in those slots take it next, oldest first); behind the backlog it would be sent
    // last.
    await preparedRows(Prisma.sql`
      UPDATE webhook_delivery SET next_attempt_at = created_at
      WHERE id = ${row.id}::uuid AND status = 'pending' AND next_attempt_at = ${lease}::timestamptz`);
    return "deferred";
  }
  try {
    const first = await sendAndRecord(row, lease, s);
    if (first === "sent" && slots?.startPump(row.endpoint_id, row.reseller_id))
      try {
        await pump(row.endpoint_id, s, slots);
      } finally {
        slots.endPump(row.endpoint_id, row.reseller_id);
      }
    return first;
  } finally {
    slots?.release(row.endpoint_id, row.reseller_id);
  }
}

/** The endpoint's next due deliveries, one after another in the slot the caller holds (deliverOne). */
async function pump(endpointId: string, s: DeliverySettings, slots: EndpointSlots): Promise<void> {
  const until = Date.now() + PUMP_FOR_MS;
  for (let n = 0; n < PUMP_MAX && Date.now() < until && !slots.closing; n++) {
    const next = await claimNextOf(endpointId, s);
    if (!next || (await sendAndRecord(next, next.lease.toISOString(), s)) !== "sent") return;
  }
}

/**
 * The endpoint's oldest due delivery, claimed as the dispatcher claims (a lease, FOR UPDATE SKIP
 * LOCKED: a row another worker holds is passed over), while the endpoint is on.
 */
async function claimNextOf(endpointId: string, s: DeliverySettings): Promise<Claimed | undefined> {
  const [row] = await preparedRows<Claimed>(Prisma.sql`
    WITH next AS MATERIALIZED (
      SELECT d.id FROM webhook_delivery d
      WHERE d.endpoint_id = ${endpointId}::uuid AND d.status = 'pending' AND d.next_attempt_at <= now()
      ORDER BY d.next_attempt_at, d.created_at, d.id LIMIT 1
      FOR UPDATE SKIP LOCKED)
    UPDATE webhook_delivery d SET next_attempt_at = now() + ${leaseMs(s)}::float8 * interval '1 millisecond'
    FROM next, webhook_endpoint e
    WHERE d.id = next.id AND e.id = d.endpoint_id AND e.disabled_at IS NULL
    RETURNING ${CLAIMED_COLUMNS}`);
  return row;
}

/** One send of a claimed delivery and its outcome, under the claim `lease`. */
async function sendAndRecord(row: Claimed, lease: string, s: DeliverySettings): Promise<"sent" | "failed"> {
  const body = JSON.stringify(payloadForReseller(row.payload));
  const secret = signingSecrets(row);
  const result = secret
    ? await sendWebhook({
        url: row.url,
        secret,
        msgId: row.id,
        body,
        timeoutMs: s.timeoutMs,
        allowPrivate: s.allowPrivate,
      })
    : { ok: false as const, status: null, error: webhookErrorText.secretUnusable() };
  const attempt = row.attempt_count + 1;
  const giveUp = !result.ok && attempt >= attemptsPerRound(s);
  const guard = Prisma.sql`id = ${row.id}::uuid AND status = 'pending' AND next_attempt_at = ${lease}::timestamptz`;
  if (result.ok) {
    // The first success after an outage also sends again what gave up during it: a delivery whose
    // whole round fell inside the outage (the round began at or after `failing_since`: the endpoint
    // had not one success from its first try to its last) was lost to the outage. One whose round
    // began before the endpoint's last success was refused while the receiver accepted others, and
    // stays failed. Its own last try cannot tell: a delivery's failure after a success starts
    // `failing_since` itself (docs/webhooks.md "Delivery"). A success whose send began before the
    // outage did (an answer in flight when the receiver went down, recorded after failures) says
    // nothing of it: it neither ends the outage nor sends anything again. The round may still
    // begin a little before `failing_since` (lease.ts outageSlackMs): two first failures racing
    // write them milliseconds apart. A refused delivery's round began a whole round (hours) before.
    // A round begun before `round_started_at` existed keeps the rule it began under, its last try
    // after `failing_since`.
    // Only while the guard still matched and the endpoint is on: a send whose claim a disable
    // overtook has its outcome dropped whole, so nothing is made due behind the disable, and the
    // outage stays on record for the audit of the endpoint's turning back on.
    // A failing endpoint's row is locked (`outage`) before the delivery row is written: a disable
    // locks the endpoint first and then parks its deliveries, this one among them, so the other
    // order would wait on each other and one be aborted as a deadlock (docs/webhooks.md
    // "Failing endpoints"). The subquery in `delivered`'s WHERE, always true, runs once before its
    // scan: it is what makes `outage` run (and lock) first. A healthy endpoint's row is not
    // touched at all, so successes to it do not queue on it; nor is one whose outage began after
    // this send did.
    const sendStarted = new Date(row.lease.getTime() - leaseMs(s)).toISOString();
    await preparedRows(Prisma.sql`
      WITH outage AS MATERIALIZED (
        SELECT failing_since FROM webhook_endpoint
        WHERE id = ${row.endpoint_id}::uuid AND failing_since <= ${sendStarted}::timestamptz AND disabled_at IS NULL
        FOR NO KEY UPDATE),
      delivered AS (
        UPDATE webhook_delivery SET status = 'succeeded', attempt_count = ${attempt}::int, delivered_at = now(),
          last_attempt_at = now(), last_status_code = ${result.status}::int, last_error = NULL
        WHERE ${guard} AND (SELECT count(*) FROM outage) >= 0
        RETURNING 1),
      recovered AS (
        UPDATE webhook_delivery w SET status = 'pending', attempt_count = 0, next_attempt_at = now()
        FROM outage WHERE EXISTS (SELECT 1 FROM delivered) AND w.endpoint_id = ${row.endpoint_id}::uuid
          AND w.status = 'failed' AND coalesce(w.round_started_at + ${outageSlackMs(s)}::float8 * interval '1 millisecond',
            w.last_attempt_at) >= outage.failing_since
        RETURNING 1)
      UPDATE webhook_endpoint SET failing_since = NULL
      WHERE id = ${row.endpoint_id}::uuid AND EXISTS (SELECT 1 FROM outage) AND EXISTS (SELECT 1 FROM delivered)`);
    recordWebhookDelivery("delivered");
    return "sent";
  }
  const next = new Date(Date.now() + retryDelayMs(attempt, s));
  // The endpoint is marked failing only by the outcome of a send that still held its claim (the
  // guarded update wrote): a stale one, overtaken by a Resend that has since succeeded or by a
  // turning off and on (which clears failing_since), must not mark a healthy endpoint failing,
  // nor start its disable. A healthy endpoint's row is locked before the delivery row, as on
  // success (the subquery in `tried`'s WHERE runs first); one already failing is not touched.
  const [outcome] = await preparedRows<{ tried: boolean }>(Prisma.sql`
    WITH healthy AS MATERIALIZED (
      SELECT id FROM webhook_endpoint WHERE id = ${row.endpoint_id}::uuid AND failing_since IS NULL
      FOR NO KEY UPDATE),
    tried AS (
      UPDATE webhook_delivery SET status = ${giveUp ? "failed" : "pending"}::"WebhookDeliveryStatus",
        attempt_count = ${attempt}::int, next_attempt_at = ${next.toISOString()}::timestamptz, last_attempt_at = now(),
        round_started_at = CASE WHEN ${attempt}::int = 1 THEN now() ELSE round_started_at END,
        last_status_code = ${result.status}::int, last_error = ${result.error}::text
      WHERE ${guard} AND (SELECT count(*) FROM healthy) >= 0
      RETURNING 1),
    failing AS (
      UPDATE webhook_endpoint SET failing_since = now()
      WHERE id = ${row.endpoint_id}::uuid AND EXISTS (SELECT 1 FROM healthy) AND EXISTS (SELECT 1 FROM tried)
      RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM tried) AS tried`);
  recordWebhookDelivery(giveUp ? "gave_up" : "failed");
  if (outcome?.tried) await disableIfFailingTooLong(row.endpoint_id, row.reseller_id, s, result.error);
  return "failed";
}

/**
 * The secrets a delivery is signed with: the endpoint's own, and during a rotation the previous
 * one too. Undefined when the endpoint's own cannot be opened (sealed under a SECRETS_KEY since
 * retired): the delivery then fails as any failed send does, counted, backed off and, in time,
 * disabling the endpoint with a reason on its page, instead of failing its job unrecorded and
 * being claimed again forever. A previous secret that cannot be opened is left out.
 */
function signingSecrets(row: Claimed): string[] | undefined {
  const open = (sealed: Uint8Array) => {
    try {
      return openSecret(row.endpoint_id, sealed);
    } catch {
      return undefined;
    }
  };
  const current = row.sealed_secret ? open(row.sealed_secret) : undefined;
  if (current === undefined) return undefined;
  const previous = row.previous_sealed_secret ? open(row.previous_sealed_secret) : undefined;
  return previous === undefined ? [current] : [current, previous];
}

/**
 * An endpoint without a single success for `disableAfterMs` is disabled with a notice on its
 * page. Its pending deliveries, and those its events bring while it is off, wait unclaimed;
 * turning it back on sends them (enableWebhookEndpoint), so nothing is missed.
 * They wait parked: next_attempt_at 'infinity', past the end of the claim's due range, so no claim
 * reads them (docs/webhooks.md "Failing endpoints"). The endpoint row is locked FOR UPDATE first,
 * which waits for the statements that wrote one of its events and have not committed (the outbox
 * reads it FOR KEY SHARE, as the delivery's foreign key does) and holds off new ones until this
 * commits, when they read it disabled and write their rows parked: none is left due behind the
 * parking. Only when the endpoint is to be disabled: a row not matching is not locked.
 */
async function disableIfFailingTooLong(
  endpointId: string,
  resellerId: string,
  s: DeliverySettings,
  error: string | null,
) {
  const reason = webhookErrorText.disabledAfter(Math.round(s.disableAfterMs / 3_600_000), error);
  const disabled = await sqlTransaction(async (rows) => {
    // A row that has to wait for the lock is checked again as it is then (a success meanwhile
    // cleared failing_since: nothing is disabled).
    const locked = await rows(Prisma.sql`SELECT id FROM webhook_endpoint
      WHERE id = ${endpointId}::uuid AND disabled_at IS NULL
        AND failing_since < now() - ${s.disableAfterMs}::float8 * interval '1 millisecond'
      FOR UPDATE`);
    if (locked.length !== 1) return false;
    await rows(Prisma.sql`UPDATE webhook_endpoint SET disabled_at = now(), disabled_reason = ${reason}::text
      WHERE id = ${endpointId}::uuid`);
    await rows(Prisma.sql`UPDATE webhook_delivery SET next_attempt_at = 'infinity'
      WHERE endpoint_id = ${endpointId}::uuid AND status = 'pending'`);
    await rows(
      auditInsertSql({
        actor: { type: "system", label: "webhook delivery" },
        resellerId,
        action: "webhook_endpoint.disabled",
        after: { endpointId },
        reason,
      }),
    );
    return true;
  });
  if (disabled) log.warn("webhook endpoint disabled", { endpointId, resellerId });
}
