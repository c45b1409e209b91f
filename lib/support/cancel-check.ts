// Before support cancels an order, the provider is read (docs/reliability.md "Support's cancel"):
// a create whose request may have reached the provider may have left a resource there, and a
// change, suspension or deletion that may have reached it may have applied. Cancelling either
// would leave an unowned resource upstream or a service row that no longer says what the provider
// has, so the cancel is refused while the provider shows it, and when the provider cannot be read.
// The reads are the ones "mark resolved" uses (lib/support/resolve-order.ts): the lookup by natural
// key for a create (a resource that does not match the order is not its own), the read-back of the
// service's reference, judged as the worker judges it, for a change. Whatever the status: a held
// order that support retried is queued, with what it may have done upstream still there.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { Prisma, sqlRows } from "@/lib/db";
import type { OrderAction, OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { said, saidTogether } from "@/lib/i18n/sentences";
import { createdBeforeFirstCreate } from "@/lib/orders/created-before";
import { otherHolder } from "@/lib/orders/ownership";
import {
  type ChangeAction,
  type ChangePayload,
  judgeApplied,
  SLOW_PURGE_MAX_MS,
  STATUS_SETTLE_MAX_MS,
} from "@/lib/services/change-kinds";
import { type UpstreamCalls, upstreamCallsFromEnv } from "@/lib/services/upstream-calls";
import { differsOnlyAfterCommit, identityOfPayload, mismatchesOf } from "@/lib/upstream/identity";
import { type UncheckedReading, uncheckedReading } from "@/lib/upstream/unchecked-reading";

export type CancelSubject = {
  id: string;
  provider: Provider;
  kind: OrderKind;
  action: OrderAction;
  status: OrderStatus;
  naturalKey: string;
  upstreamRef: string | null;
  payload: unknown;
  createSent: boolean;
  /** The service a change acts on: its reference stands in when the order has none. */
  service: { upstreamRef: string } | null;
};

/** Asked on each use, as resolve-order.ts does: the clients follow the settings when read again. */
function upstream(): UpstreamCalls {
  return upstreamCallsFromEnv();
}

/**
 * Why this order may not be cancelled now, as a sentence saying what to do instead, or undefined
 * when it may. The provider is read only for an order whose request may have reached it; a
 * pending order never sent one, unless a restore from a backup marked it possibly sent
 * (lib/orders/after-restore.ts).
 */
export async function cancelRefusal(order: CancelSubject, via?: UpstreamCalls): Promise<string | undefined> {
  if ((order.status === "pending" && !order.createSent) || !(await mayHaveReached(order))) return undefined;
  const refusal =
    order.action === "create"
      ? await createRefusal(order, via ?? upstream())
      : await changeRefusal(order, via ?? upstream());
  // The refusals advise marking the order resolved, which only a failed, unknown or held order
  // offers; one a worker still runs (queued again by a retry, retrying) will read the provider
  // itself on its next attempt and take over what it finds.
  if (refusal && !RESOLVABLE_LATER.includes(order.status))
    return saidTogether(refusal, said("cancelWorkerStillRuns", { status: order.status }));
  return refusal;
}

/** The statuses "mark resolved" is offered on (lib/support/order-actions.ts). */
const RESOLVABLE_LATER: readonly OrderStatus[] = ["failed", "unknown", "held"];

/**
 * Whether a request of this order may have reached the provider: the flag the worker and the
 * relay set on a maybe-applied create or change; for any order, an attempt of its call that
 * succeeded (a create held because another order claims what it created, a change accepted but
 * not read back as applied), whose answer was lost, or that was lost mid-call. An attempt refused
 * (credentials, validation) or that failed before sending reached nothing.
 */
async function mayHaveReached(order: CancelSubject): Promise<boolean> {
  // Set on a create or a change whose call may have been applied (an unknown answer, a redirect of
  // the call itself, an attempt lost mid-call): workers/processors/write-outcome.ts, the relay.
  if (order.createSent) return true;
  const call = order.action === "create" ? "create" : "change";
  const [row] = await sqlRows<{ sent: boolean }>(Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM attempt WHERE order_id = ${order.id}::uuid AND kind = ${call}::"AttemptKind"
      AND (outcome IS NULL OR outcome IN ('succeeded', 'unknown', 'abandoned'))) AS sent`);
  return row?.sent === true;
}

/**
 * A read that could not tell: refused credentials or a refused read say to have the account fixed
 * (lib/upstream/unchecked-reading.ts); a passing failure, to try again.
 */
const unchecked = (r: UncheckedReading) =>
  uncheckedReading(r, { auth: "cancelUncheckedAuth", passing: "cancelUnchecked" });

async function createRefusal(order: CancelSubject, via: UpstreamCalls): Promise<string | undefined> {
  const r = await via.lookup(order.kind, order.naturalKey);
  if (r.kind === "absent") return undefined;
  if (r.kind !== "found") return unchecked(r);
  // Another order owns what is there: cancelling this one leaves nothing without an owner.
  if (await otherHolder(order, r.ref)) return undefined;
  // Made before this order's first create, by the provider's clock: not this order's (the worker
  // held it for that), so cancelling leaves it to whoever made it.
  if (await createdBeforeFirstCreate(order.id, order.provider, r.data)) return undefined;
  // Not what this order asked for (someone else's, a soft-deleted grommunio domain): not its own,
  // as the worker would judge it, so cancelling leaves nothing of this order behind. A difference
  // only in what grommunio applies after committing (chat) is its own, created in part.
  const asked = identityOfPayload(order.kind, order.payload, order.naturalKey);
  if (mismatchesOf(order.kind, asked, r.data).length > 0 && !differsOnlyAfterCommit(order.kind, asked, r.data))
    return undefined;
  return said("cancelExistsUpstream", { name: order.naturalKey, ref: r.ref });
}

async function changeRefusal(order: CancelSubject, via: UpstreamCalls): Promise<string | undefined> {
  const ref = order.upstreamRef ?? order.service?.upstreamRef;
  // Without a reference nothing could be sent for it.
  if (!ref) return undefined;
  const { password, ...payload } = (order.payload ?? {}) as ChangePayload;
  const readable = order.action !== "change" || Object.keys(payload.set ?? {}).length > 0;
  // A new password alone cannot be read back: whether it took cannot be told.
  if (!readable && password) return said("cancelPasswordUnreadable", { name: order.naturalKey, ref });
  if (!readable) return undefined;
  // With the natural key, as the worker reads back: a Qboxmail manager's 404 from the assumed read
  // route is not "deleted" while the managers list still has it.
  const r = await via.read(order.kind, ref, undefined, order.naturalKey);
  if (r.kind !== "found" && r.kind !== "absent") return unchecked(r);
  const readBack =
    r.kind === "found" ? { found: true as const, data: r.data as Record<string, unknown> } : { found: false as const };
  // As a person resolving it would judge it: grommunio's chat read back false counts as off.
  const seen = judgeApplied(order.kind, order.action as ChangeAction, payload, readBack, { personChecked: true });
  if (seen === "pending" && order.kind === "grommunio_domain" && order.action === "delete" && payload.purge)
    return slowPurgeRefusal(order, ref);
  if (seen === "pending" || seen === "gone") return undefined;
  if (order.action === "delete")
    return said(seen === "waiting" ? "cancelDeleteWaiting" : "cancelDeleteApplied", { name: order.naturalKey, ref });
  // Qboxmail shows a status between the settled ones: perhaps this change at work (judgeApplied).
  if (seen === "waiting") return settlingRefusal(order, ref, readBack.found ? readBack.data.status : undefined);
  return said("cancelChangeApplied", { name: order.naturalKey, ref });
}

/**
 * A Qboxmail change read back in a transitional status without its values yet may be the change
 * under way: the worker reads it again for STATUS_SETTLE_MAX_MS after the order's latest send
 * (workers/processors/change-order.ts), and the cancel is refused as long, by the database's
 * clock. Past that the status is no longer taken for this change, and the cancel goes ahead as
 * for a change not applied.
 */
async function settlingRefusal(order: CancelSubject, ref: string, status: unknown): Promise<string | undefined> {
  const [row] = await sqlRows<{ left_ms: number | null }>(Prisma.sql`
    SELECT (extract(epoch FROM max(started_at) - now()) * 1000 + ${STATUS_SETTLE_MAX_MS}::int)::float8 AS left_ms
    FROM attempt WHERE order_id = ${order.id}::uuid AND kind = 'change'`);
  const left = row?.left_ms;
  if (left === null || left === undefined || left <= 0) return undefined;
  return said("cancelChangeUnderWay", {
    name: order.naturalKey,
    ref,
    status: String(status),
    minutes: Math.ceil(left / 60_000),
  });
}

/**
 * A grommunio purge whose domain is still there may be one still running: a purge with its files
 * can outlast the answer's timeout and commit later, so the worker reads such a domain again for
 * SLOW_PURGE_MAX_MS after a send whose answer was lost (or that was lost mid-call) before it takes
 * the purge for not applied (workers/processors/change-order.ts). The cancel waits as long, from
 * the last such send, by the database's clock as the attempts' times are: cancelled earlier, the
 * purge could still complete at grommunio (docs/reliability.md "Support's cancel").
 */
async function slowPurgeRefusal(order: CancelSubject, ref: string): Promise<string | undefined> {
  const [row] = await sqlRows<{ left_ms: number | null }>(Prisma.sql`
    SELECT (extract(epoch FROM max(started_at) - now()) * 1000 + ${SLOW_PURGE_MAX_MS}::int)::float8 AS left_ms
    FROM attempt WHERE order_id = ${order.id}::uuid AND kind = 'change' AND (outcome IS NULL OR outcome IN ('unknown', 'abandoned'))`);
  const left = row?.left_ms;
  if (left === null || left === undefined || left <= 0) return undefined;
  return said("cancelPurgeMayStillRun", {
    name: order.naturalKey,
    ref,
    minutes: Math.ceil(left / 60_000),
    window: SLOW_PURGE_MAX_MS / 60_000,
  });
}

/**
 * The grommunio domain orders waiting (pending) for this server order, which cancelling it cancels:
 * the first `limit` to list, and how many there are in all (the cancel's confirmation counts them all).
 */
export async function waitingDependents(
  viewer: Viewer,
  serverOrderId: string,
  limit = 500,
): Promise<{ rows: Array<{ id: string; displayName: string; naturalKey: string }>; total: number }> {
  assertStaff(viewer);
  const rows = await sqlRows<{ id: string; displayName: string; naturalKey: string; total: bigint }>(Prisma.sql`
    SELECT id, display_name AS "displayName", natural_key AS "naturalKey", count(*) OVER () AS total FROM "order"
    WHERE depends_on_order_id = ${serverOrderId}::uuid AND status = 'pending'
    ORDER BY created_at, id
    LIMIT ${limit}::int`);
  return { rows: rows.map(({ total: _, ...row }) => row), total: Number(rows[0]?.total ?? 0) };
}
