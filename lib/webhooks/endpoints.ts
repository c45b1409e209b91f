// Webhook endpoints and their deliveries, for the reseller's pages. Every query is scoped by the
// reseller inside it. The signing secret is shown once at creation (and at each rotation) and kept
// sealed (it is needed again to sign), like order passwords.
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Viewer } from "@/lib/auth/session";
import { accountMovedOn } from "@/lib/auth/still-as-checked";
import { open, seal } from "@/lib/crypto/seal";
import { isUuid } from "@/lib/customers/queries";
import { db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import type { FieldErrors } from "@/lib/forms/field-errors";
import type { WebhookDeliveryStatus } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { v } from "@/lib/i18n/validation";
import { type CursorPage, cursorKeysetPage, decodeCursor } from "@/lib/pagination/cursor";
import { endpointAddress } from "./endpoint-address";
import { webhookErrorText } from "./error-words";
import { WEBHOOK_EVENT_TYPES } from "./events";
import { outageSlackMs } from "./lease";
import { endpointSetLock } from "./outbox-sql";
import { type ResendRefusal, resendRefusal, type TurnOnRefusal, turnOnRefusal } from "./refusals";
import { webhookUrlProblem } from "./target";

/**
 * A reseller's user: endpoints belong to the reseller, and their audit events name the person.
 * `sessionId`: the session the request came in (the pages' user has it), checked at the write.
 */
export type Person = Viewer & { resellerId: string; sessionId?: string };

export const endpointSchema = z.object({
  url: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: v("webhookAddressMissing") })
      .min(1, v("webhookAddressMissing"))
      .max(2000, v("tooLong", { max: 2000 }))
      .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE),
  ),
  events: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, v("eventMissing")),
  ),
  description: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined),
    z
      .string()
      .max(200, v("tooLong", { max: 200 }))
      .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE)
      .optional(),
  ),
});

const sealId = (endpointId: string) => `webhook:${endpointId}`;

/** The endpoint's signing secret (worker only; never logged). */
export function openSecret(endpointId: string, sealed: Uint8Array): string {
  return open(sealed, sealId(endpointId)).secret!;
}

/** Standard Webhooks secret format: "whsec_" + base64 of 24..64 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/**
 * The most endpoints a reseller may have, on or off (a disabled one comes back with Turn on). The
 * webhooks page lists every one of them (docs/webhooks.md "How many endpoints"): an endpoint no one finds on
 * the page goes on receiving the reseller's events with no one to delete it. A registration past it
 * is refused, saying to delete one first.
 */
export const MAX_WEBHOOK_ENDPOINTS = 100;

export type CreateEndpointResult =
  | { ok: true; id: string; secret: string }
  // formError: the account moved on since the request's checks (lib/auth/still-as-checked.ts), or
  // the reseller has MAX_WEBHOOK_ENDPOINTS already.
  | { ok: false; fieldErrors: FieldErrors; formError?: string };

/**
 * Registers an endpoint, only while the account still stands as the request checked it
 * (`passwordHash`: the hash its current password was verified against; with-password.ts): a
 * password change that turns the reseller's endpoints off must not miss one registered meanwhile
 * (lib/auth/still-as-checked.ts). Otherwise nothing is written and `formError` says to sign in again.
 * Refused too, saying to delete one, while the reseller has MAX_WEBHOOK_ENDPOINTS.
 */
export async function createWebhookEndpoint(
  user: Person,
  input: unknown,
  verified: { passwordHash?: string } = {},
): Promise<CreateEndpointResult> {
  const parsed = endpointSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const urlProblem = await webhookUrlProblem(parsed.data.url, env().WEBHOOK_ALLOW_PRIVATE_TARGETS);
  if (urlProblem) return { ok: false, fieldErrors: { url: [urlProblem] } };
  const id = randomUUID();
  const secret = newSecret();
  const events = [...new Set(parsed.data.events)];
  // A refusal said for the form: the account moved on, or the reseller is at MAX_WEBHOOK_ENDPOINTS.
  const refusal = await db().$transaction(async (tx) => {
    const refused = await accountMovedOn(tx, {
      userId: user.id,
      sessionId: user.sessionId,
      passwordHash: verified.passwordHash,
    });
    if (refused) return refused;
    // One registration at a time per reseller, so two at once cannot both pass the count at the
    // bound; and none while a transaction that locked all of the reseller's endpoints runs.
    await tx.$queryRaw(endpointSetLock(user.resellerId, "alone"));
    if ((await tx.webhookEndpoint.count({ where: { resellerId: user.resellerId } })) >= MAX_WEBHOOK_ENDPOINTS)
      return said("endpointLimitReached", { max: MAX_WEBHOOK_ENDPOINTS });
    await tx.webhookEndpoint.create({
      data: {
        id,
        resellerId: user.resellerId,
        url: parsed.data.url,
        events,
        description: parsed.data.description ?? null,
        sealedSecret: new Uint8Array(seal({ secret }, sealId(id))),
      },
      select: { id: true },
    });
    await auditEndpoint(tx, user, "webhook_endpoint.created", {
      endpointId: id,
      address: endpointAddress(parsed.data.url),
      events,
    });
    return undefined;
  });
  if (refusal) return { ok: false, fieldErrors: {}, formError: refusal };
  return { ok: true, id, secret };
}

/** What the endpoint pages show: never the signing secret. */
const ENDPOINT_FIELDS = {
  id: true,
  url: true,
  events: true,
  description: true,
  failingSince: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  // Until when the secret before a rotation still signs: a time, never the secret.
  previousUntil: true,
} satisfies Prisma.WebhookEndpointSelect;

/**
 * Every endpoint of the reseller, newest first: none is left off, since each goes on receiving
 * events until it is deleted from its page (MAX_WEBHOOK_ENDPOINTS bounds the list).
 */
export function listWebhookEndpoints(resellerId: string) {
  return db().webhookEndpoint.findMany({
    where: { resellerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: ENDPOINT_FIELDS,
  });
}

/** How many of the reseller's endpoints are turned off: the webhooks page's warning, counted, not read off the list. */
export function countDisabledEndpoints(resellerId: string): Promise<number> {
  return db().webhookEndpoint.count({ where: { resellerId, disabledAt: { not: null } } });
}

export async function getWebhookEndpoint(resellerId: string, id: string) {
  if (!isUuid(id)) return null;
  return db().webhookEndpoint.findFirst({
    where: { id, resellerId },
    select: ENDPOINT_FIELDS,
  });
}

/** How many deliveries one page of an endpoint's list shows. */
export const DELIVERY_PAGE = 100;

/** The statuses an endpoint's deliveries may be filtered by, as its page's address names them. */
export const DELIVERY_FILTERS = ["failed", "pending", "succeeded"] as const satisfies readonly WebhookDeliveryStatus[];
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];

/** The filter an address asks for; anything else (none, a word made up) lists every delivery. */
export function deliveryFilter(raw: string | undefined): DeliveryFilter | undefined {
  return DELIVERY_FILTERS.find((f) => f === raw);
}

// Each status is a constant of the statement, not a parameter: the planner then matches the failed
// filter to its partial index (webhook_delivery_endpoint_failed) in any plan, a cached generic one too.
const STATUS_CONDITION: Record<DeliveryFilter, Prisma.Sql> = {
  failed: Prisma.sql`AND w.status = 'failed'`,
  pending: Prisma.sql`AND w.status = 'pending'`,
  succeeded: Prisma.sql`AND w.status = 'succeeded'`,
};

type DeliveryRowRaw = {
  id: string;
  order_id: string | null;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempt_count: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
};

export type DeliveryRow = {
  id: string;
  orderId: string | null;
  eventType: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  /** Null while the delivery waits parked for its disabled endpoint to be turned back on. */
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
};

/**
 * One page of the endpoint's deliveries, newest first (status, last response code and time), of
 * one status when `status` is given. Keyset on (created_at, id), which events written in one
 * transaction share the first of, walked with a row comparison along the endpoint's index (or the
 * failed rows' partial one), so a deep page costs what the first does and a delivery resent or
 * newly written meanwhile moves no other row between pages. `after` reads the older page after it,
 * `before` the newer page before it; a cursor that cannot be read gives the first page
 * (lib/pagination/cursor.ts). Scoped by the reseller on the rows themselves, so another reseller's
 * endpoint id lists nothing. `nextAttemptAt` is null while a delivery waits parked (next_attempt_at
 * 'infinity'; docs/webhooks.md "Failing endpoints").
 */
export async function listDeliveries(
  resellerId: string,
  endpointId: string,
  opts: { status?: DeliveryFilter; after?: string | null; before?: string | null; limit?: number } = {},
): Promise<CursorPage<DeliveryRow>> {
  if (!isUuid(endpointId)) return { rows: [], nextCursor: null, prevCursor: null };
  const limit = opts.limit ?? DELIVERY_PAGE;
  const after = decodeCursor(opts.after);
  const before = after ? undefined : decodeCursor(opts.before);
  const keyset = after
    ? Prisma.sql`AND (w.created_at, w.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
    : before
      ? Prisma.sql`AND (w.created_at, w.id) > (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)`
      : Prisma.empty;
  const dir = before ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const raw = await db().$queryRaw<DeliveryRowRaw[]>`
    SELECT w.id::text, w.order_id::text, w.event_type, w.status::text AS status, w.attempt_count,
      nullif(w.next_attempt_at, 'infinity') AS next_attempt_at, w.last_attempt_at, w.last_status_code,
      w.last_error, w.created_at, w.delivered_at
    FROM webhook_delivery w
    WHERE w.endpoint_id = ${endpointId}::uuid AND w.reseller_id = ${resellerId}::uuid
      ${opts.status ? STATUS_CONDITION[opts.status] : Prisma.empty} ${keyset}
    ORDER BY w.created_at ${dir}, w.id ${dir}
    LIMIT ${limit + 1}`;
  // Read oldest first when walking back; the page is shown newest first.
  if (before) raw.reverse();
  const rows = raw.map(
    (d): DeliveryRow => ({
      id: d.id,
      orderId: d.order_id,
      eventType: d.event_type,
      status: d.status,
      attemptCount: d.attempt_count,
      nextAttemptAt: d.next_attempt_at,
      lastAttemptAt: d.last_attempt_at,
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      createdAt: d.created_at,
      deliveredAt: d.delivered_at,
    }),
  );
  return cursorKeysetPage(rows, limit, { after, before }, (d) => ({ at: d.createdAt, id: d.id }));
}

/** Failed deliveries are counted up to this many, then "more than": counting further tells no one more. */
export const FAILED_COUNT_CAP = 10_000;

/**
 * How many of the endpoint's deliveries failed (and wait for a Resend), counted up to
 * FAILED_COUNT_CAP + 1 along the failed rows' partial index; scoped by the reseller as the list is.
 */
export async function countFailedDeliveries(resellerId: string, endpointId: string): Promise<number> {
  if (!isUuid(endpointId)) return 0;
  const [row] = await db().$queryRaw<{ n: number }[]>`
    SELECT f.n FROM webhook_endpoint e CROSS JOIN LATERAL (${failedUpTo(FAILED_COUNT_CAP)}) f
    WHERE e.id = ${endpointId}::uuid AND e.reseller_id = ${resellerId}::uuid`;
  return row?.n ?? 0;
}

/**
 * A lateral of the failed deliveries of endpoint `e` (scoped by the caller's condition on it), `n` counted up to
 * `cap` + 1 along the failed rows' partial index alone: a condition on another column of the rows
 * would read each row from the table too, 10,000 reads for a full count (an index-only count still
 * reads the rows of pages not yet marked all-visible by a vacuum).
 */
const failedUpTo = (cap: number) => Prisma.sql`SELECT count(*)::int AS n FROM (
  SELECT 1 FROM webhook_delivery w WHERE w.endpoint_id = e.id AND w.status = 'failed' LIMIT ${cap + 1}) x`;

/** The endpoint list counts each endpoint's failed deliveries up to this many: up to 100 endpoints on one page. */
export const LIST_FAILED_COUNT_CAP = 1_000;

/**
 * Each of the reseller's endpoints that has failed deliveries, with how many, counted up to
 * LIST_FAILED_COUNT_CAP + 1: the endpoint list shows them, so a failed delivery waiting for its
 * Resend is seen without opening every endpoint. At most MAX_WEBHOOK_ENDPOINTS endpoints, each
 * counted along the failed rows' partial index.
 */
export async function failedCountsOf(resellerId: string): Promise<Map<string, number>> {
  // The count as the lateral's own aggregate, run once per endpoint: as an expression filtered on,
  // the planner copied it into the filter and ran it twice.
  const rows = await db().$queryRaw<{ id: string; n: number }[]>`
    SELECT e.id::text AS id, f.n FROM webhook_endpoint e
    CROSS JOIN LATERAL (${failedUpTo(LIST_FAILED_COUNT_CAP)}) f
    WHERE e.reseller_id = ${resellerId}::uuid AND f.n > 0`;
  return new Map(rows.map((r) => [r.id, r.n]));
}

/**
 * Sends a delivery again now, with a fresh round of retries and the same webhook-id; not while its
 * endpoint is disabled (refused, saying so). The endpoint is read FOR KEY SHARE (outbox-sql.ts says why): a resend
 * racing the disable either lands before it, and is parked with the rest, or reads the endpoint
 * disabled and changes nothing, so no row of a disabled endpoint is left due.
 */
export async function resendDelivery(
  resellerId: string,
  deliveryId: string,
  /** The endpoint the delivery is asked for under (its page, the API's path): another's is not found. */
  endpointId: string,
): Promise<{ ok: true } | { ok: false; refusal: ResendRefusal }> {
  if (!isUuid(deliveryId) || !isUuid(endpointId)) return { ok: false, refusal: resendRefusal("gone") };
  // One statement reads the endpoint, resends while it is on, and says which held.
  const [row] = await db().$queryRaw<{ enabled: boolean | null; resent: number }[]>`
    WITH target AS (
      SELECT w.id, e.disabled_at IS NULL AS enabled
      FROM webhook_endpoint e JOIN webhook_delivery w ON w.endpoint_id = e.id
      WHERE w.id = ${deliveryId}::uuid AND w.reseller_id = ${resellerId}::uuid AND w.endpoint_id = ${endpointId}::uuid
      FOR KEY SHARE OF e),
    resent AS (
      UPDATE webhook_delivery d SET status = 'pending', attempt_count = 0, next_attempt_at = now()
      FROM target WHERE d.id = target.id AND target.enabled
      RETURNING d.id)
    SELECT (SELECT enabled FROM target) AS enabled, (SELECT count(*)::int FROM resent) AS resent`;
  if (row?.resent === 1) return { ok: true };
  return { ok: false, refusal: resendRefusal(row?.enabled === false ? "off" : "gone") };
}

/** One audit event for a person's change to one of the reseller's endpoints. */
function auditEndpoint(
  tx: Prisma.TransactionClient,
  user: Person,
  action: string,
  after: { endpointId: string } & Prisma.InputJsonObject,
) {
  return recordAudit(tx, {
    actor: { type: "user", id: user.id, label: user.email ?? undefined },
    action,
    resellerId: user.resellerId,
    after,
  });
}

/** How long deliveries are signed with the secret before a rotation too: time to switch over. */
export const PREVIOUS_SECRET_HOURS = 24;

export type RotateSecretResult =
  | { ok: true; secret: string; previousUntil: Date }
  /** `refused`: the account moved on since the request's check (still-as-checked.ts); none: no such endpoint. */
  | { ok: false; refused?: string };

/**
 * A new signing secret, shown once. The one before it keeps signing alongside for
 * PREVIOUS_SECRET_HOURS (each delivery carries both signatures), so a receiver that switches to the
 * new secret in that time misses nothing; a rotation within that time drops the oldest secret.
 */
export async function rotateWebhookSecret(
  user: Person,
  id: string,
  verified: { passwordHash?: string } = {},
): Promise<RotateSecretResult> {
  if (!isUuid(id)) return { ok: false };
  const secret = newSecret();
  return db().$transaction(async (tx): Promise<RotateSecretResult> => {
    // A new secret outlives the session, like a new endpoint: written only while the password
    // checked is still the account's and the session and account live. A password change that
    // turned the endpoints off, or an admin's disable, must not be followed by a rotation that
    // waited on the endpoint's row behind it.
    const moved = await accountMovedOn(
      tx,
      { userId: user.id, sessionId: user.sessionId, passwordHash: verified.passwordHash },
      "changed",
    );
    if (moved) return { ok: false, refused: moved };
    const [row] = await tx.$queryRaw<{ previous_until: Date }[]>`
      UPDATE webhook_endpoint SET previous_sealed_secret = sealed_secret, sealed_secret = ${new Uint8Array(seal({ secret }, sealId(id)))},
        previous_until = now() + ${`${PREVIOUS_SECRET_HOURS} hours`}::interval
      WHERE id = ${id}::uuid AND reseller_id = ${user.resellerId}::uuid
      RETURNING previous_until`;
    if (!row) return { ok: false };
    await auditEndpoint(tx, user, "webhook_endpoint.secret_rotated", {
      endpointId: id,
      previousSecretUntil: row.previous_until.toISOString(),
    });
    return { ok: true, secret, previousUntil: row.previous_until };
  });
}

/**
 * The enable's work grows with the rows that waited, about 20 us each (4 s for 200,000:
 * docs/webhooks.md "Failing endpoints"). Under the ORM's default of 5 s for a transaction a large
 * backlog was rolled back every time, and the endpoint could not be turned back on. A delete's
 * last step takes the same limit for the rows its batches left.
 */
const BACKLOG_TIMEOUT = { timeout: 300_000 };

/** How many of an endpoint's deliveries one statement of its delete removes. */
const DELETE_BATCH = 5_000;

/**
 * Turns a disabled endpoint back on; refused, changing nothing, when the request's session was ended
 * or the person disabled since it was checked (lib/auth/still-as-checked.ts): a password change
 * that turned the endpoints off ends the other sessions in the same transaction, and one of them
 * must not turn an endpoint back on after it.
 * The deliveries that waited while it was off (those pending when it was disabled, and every event
 * since), parked out of the due range, are due at once, each with a fresh round of retries. All
 * get the same next_attempt_at; the claim breaks that tie by created_at, then id, so they go out
 * oldest first (deliver.ts claimDueDeliveries, docs/webhooks.md "Failing endpoints").
 * The endpoint row is locked FOR UPDATE first: that waits for the statements that wrote one of its
 * events, read it disabled and have not committed (the outbox reads it FOR KEY SHARE), so their
 * parked rows are among those made due here, and holds off new ones until this commits, when they
 * read it enabled and write their rows due. Without it such a row would stay parked for good.
 */
export async function enableWebhookEndpoint(
  user: Person,
  id: string,
): Promise<{ ok: true } | { ok: false; refusal: TurnOnRefusal }> {
  if (!isUuid(id)) return { ok: false, refusal: turnOnRefusal("gone") };
  return db().$transaction(async (tx): Promise<{ ok: true } | { ok: false; refusal: TurnOnRefusal }> => {
    // Before the endpoint: the order in which a password change locks the rows (still-as-checked.ts).
    const moved = await accountMovedOn(tx, { userId: user.id, sessionId: user.sessionId }, "changed");
    if (moved) return { ok: false, refusal: turnOnRefusal({ accountMovedOn: moved }) };
    // Locked whether on or off, so the row that says why nothing changed is the one locked: no
    // second reading, which a disable committing in between would contradict.
    const locked = await tx.$queryRaw<{ id: string; failing_since: Date | null; off: boolean }[]>`
      SELECT id, failing_since, disabled_at IS NOT NULL AS off FROM webhook_endpoint
      WHERE id = ${id}::uuid AND reseller_id = ${user.resellerId}::uuid
      FOR UPDATE`;
    // Not the reseller's endpoint (any more), or on already: someone turned it on first.
    if (locked.length !== 1) return { ok: false, refusal: turnOnRefusal("gone") };
    if (!locked[0]!.off) return { ok: false, refusal: turnOnRefusal("on") };
    // What gave up during the outage (a round that began at or after failing_since, so with no
    // success to the endpoint from its first try to its last: deliver.ts) goes out again with what
    // waited: nothing of the outage is lost. A round begun before round_started_at existed keeps
    // the rule it began under, its last try after failing_since.
    const since = locked[0]?.failing_since;
    const due = new Date(); // one time for all, so the claim sends them oldest first
    const recovered = since
      ? await tx.webhookDelivery.updateMany({
          where: {
            endpointId: id,
            resellerId: user.resellerId,
            status: "failed",
            // A round may begin a little before failing_since (lease.ts outageSlackMs).
            OR: [
              { roundStartedAt: { gte: new Date(since.getTime() - outageSlack()) } },
              { roundStartedAt: null, lastAttemptAt: { gte: since } },
            ],
          },
          data: { status: "pending", attemptCount: 0, nextAttemptAt: due },
        })
      : { count: 0 };
    await tx.webhookEndpoint.update({
      where: { id },
      data: { disabledAt: null, disabledReason: null, failingSince: null },
      select: { id: true },
    });
    const waited = await tx.webhookDelivery.updateMany({
      where: { endpointId: id, resellerId: user.resellerId, status: "pending" },
      data: { attemptCount: 0, nextAttemptAt: due },
    });
    await auditEndpoint(tx, user, "webhook_endpoint.enabled", {
      endpointId: id,
      waitingDeliveries: waited.count - recovered.count,
      recoveredDeliveries: recovered.count,
    });
    return { ok: true };
  }, BACKLOG_TIMEOUT);
}

/**
 * Turns off every endpoint of the reseller that is on, inside a person's password change (which
 * asks first, lib/auth/change-password.ts): an endpoint registered from a stolen session would
 * otherwise go on receiving the reseller's order events. Each is turned off as a failing one is:
 * locked (so order steps writing its events wait, as for a disable after failures), its waiting
 * deliveries parked, a reason its page shows, an audit event; "Turn on" brings it back with what
 * waited. Returns how many.
 */
export async function endpointsOffForPasswordChange(tx: Prisma.TransactionClient, user: Person): Promise<number> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM webhook_endpoint WHERE reseller_id = ${user.resellerId}::uuid AND disabled_at IS NULL
    ORDER BY id FOR UPDATE`;
  if (locked.length === 0) return 0;
  const ids = locked.map((r) => r.id);
  await tx.$executeRaw`UPDATE webhook_endpoint SET disabled_at = now(),
      disabled_reason = ${webhookErrorText.disabledOnPasswordChange()}::text
    WHERE id = ANY(${ids}::uuid[])`;
  await tx.$executeRaw`UPDATE webhook_delivery SET next_attempt_at = 'infinity'
    WHERE endpoint_id = ANY(${ids}::uuid[]) AND status = 'pending'`;
  for (const endpointId of ids)
    await recordAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email ?? undefined },
      action: "webhook_endpoint.disabled",
      resellerId: user.resellerId,
      after: { endpointId },
      reason: webhookErrorText.disabledOnPasswordChange(),
    });
  return ids.length;
}

export async function deleteWebhookEndpoint(user: Person, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  // Its deliveries first, a batch per statement, with the endpoint's row left unlocked: deleted
  // with it in one transaction, a busy endpoint's whole history held that row (and with it the
  // reseller's placements and worker steps, which write its outbox rows) for as long as the
  // delete took, or ran past the transaction's limit and was rolled back. Scoped by the reseller
  // on the rows themselves; what is written meanwhile goes with the endpoint below.
  for (;;) {
    const removed = await db().$executeRaw`
      DELETE FROM webhook_delivery WHERE id IN (
        SELECT id FROM webhook_delivery WHERE endpoint_id = ${id}::uuid AND reseller_id = ${user.resellerId}::uuid
        LIMIT ${DELETE_BATCH})`;
    if (removed === 0) break;
  }
  // Short as a rule; the enable's limit still, for what another delete of the same endpoint, or
  // the events written meanwhile, leave to its cascade.
  return db().$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id, resellerId: user.resellerId } });
    if (count === 1) await auditEndpoint(tx, user, "webhook_endpoint.deleted", { endpointId: id });
    return count === 1;
  }, BACKLOG_TIMEOUT);
}

/** The outage rule's slack with this installation's settings (lease.ts). */
const outageSlack = () =>
  outageSlackMs({ timeoutMs: env().WEBHOOK_TIMEOUT_MS, retryForMs: env().WEBHOOK_RETRY_FOR_MS });
