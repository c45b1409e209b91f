// One run of a change order (suspend, resume, change, delete of an existing service) through the
// same steps as a create (docs/lifecycle.md): the attempt commits before the call; the outcome
// is classified once; after a call whose answer was lost (or a crash mid-call) the next run
// first reads the resource back and sends the change again only if it has not taken effect,
// so a change never applies twice. A Qboxmail domain delete succeeds only once a read-back no
// longer finds the domain: Qboxmail may queue the deletion, and the limit the domain uses must
// not be freed while it still exists (docs/lifecycle.md).
import { open } from "@/lib/crypto/seal";
import { Prisma, sqlRows } from "@/lib/db";
import { PORTAL_TEXTS, portalText } from "@/lib/i18n/portal-texts";
import { StaleOrderError } from "@/lib/orders/errors";
import {
  type ChangeAction,
  type ChangePayload,
  changeBody,
  changesSyncPolicy,
  homedOnServer,
  judgeApplied,
  newHostname,
  PASSWORD_PAIRS,
  renameBlockedBy,
  SLOW_PURGE_MAX_MS,
  STATUS_SETTLE_MAX_MS,
  STORED_CHANGE_SCHEMAS,
  withWholeSyncPolicy,
} from "@/lib/services/change-kinds";
import { listMovedSince, storedListsBefore } from "@/lib/services/whole-lists";
import { allowListedResponse } from "@/lib/upstream/allow-list";
import type { CallScope } from "@/lib/upstream/http";
import type { LookupResult } from "@/lib/upstream/result";
import {
  type AttemptFacts,
  beginAttempt,
  continueWithCreate,
  releaseAfterOwnFailure,
  type Step,
} from "./attempt-steps";
import type { ProvisionContext } from "./context";
import type { LoadedOrder } from "./load-order";
import { judgeCreate } from "./verdicts";
import { jsonOrNull, type Verdict } from "./write-outcome";

/** `mayHaveApplied`: the change was sent and accepted in this run, so the order may have applied. */
type Finish = (
  step: Step,
  facts: AttemptFacts,
  verdict: Verdict,
  mayHaveApplied?: boolean,
) => Promise<"written" | "dropped">;

export async function runChange(
  order: LoadedOrder,
  ctx: ProvisionContext,
  /** The attempt's deadline and span, for every upstream request it sends. */
  scope: CallScope,
  finish: Finish,
): Promise<"skipped" | "written" | "dropped"> {
  const action = order.action as ChangeAction;
  const ref = order.upstreamRef ?? "";
  const parsed = parseChange(order);
  // "unknown" includes a delete waiting for its queued deletion: never send it again unread.
  const mayHaveApplied = order.createSent || order.status === "unknown";
  const readFirst = mayHaveApplied || readsBeforeSending(order, parsed.payload);
  let step: Step;
  try {
    step = await beginAttempt(
      order,
      readFirst ? "lookup" : "change",
      readFirst ? { upstreamRef: ref } : parsed.recorded,
      ctx,
    );
  } catch (err) {
    if (err instanceof StaleOrderError) return "skipped";
    throw err;
  }
  ctx.inFlight.set(step.attemptId, step);
  // The resource as last read, for a change that completes what it sends from it.
  let current: Record<string, unknown> | undefined;
  // The resource read back and judged against this change, waiting longer with each attempt. With
  // the natural key: a Qboxmail manager's 404 from the assumed GET route is taken for "gone" (a
  // delete done) only once the managers list no longer has it (confirmsByReadBack below).
  const readBack = async (mayHaveApplied: boolean) => {
    const r = await ctx.calls.read(order.kind, ref, scope, order.naturalKey);
    current = r.kind === "found" ? (r.data as Record<string, unknown>) : undefined;
    return judgeReadBack(r, order, action, parsed.payload, waitMs(step, ctx), mayHaveApplied);
  };
  let sending = parsed.payload;
  try {
    if (ref && parsed.problem && mayHaveApplied) {
      // It may have applied (its answer lost): not failed blind, though it cannot be sent again.
      const judged = await unusableButMaybeApplied(order, ref, scope, ctx, parsed.problem);
      return await finish(step, judged.facts, judged.verdict);
    }
    if (!ref || parsed.problem) {
      const msg = parsed.problem ?? portalText("noUpstreamRef");
      return await finish(step, { outcome: "rejected", message: msg }, { to: "failed", lastError: msg });
    }
    if (readFirst) {
      // "unknown" is also a deletion accepted and waiting (marked create_sent since, but perhaps not
      // on an order from before that was recorded).
      const judged = await awaitStatusSettling(
        order,
        await awaitSlowPurge(
          order,
          parsed.payload,
          await checkQueuedDeletion(order, await readBack(order.createSent || order.status === "unknown"), ctx),
          waitMs(step, ctx),
        ),
      );
      if (judged.verdict) return await finish(step, judged.facts, judged.verdict);
      // Not renamed yet: refused, nothing sent, while anything is homed on the server now; nor is
      // a softly deleted domain purged that grommunio's administrator has restored since.
      const moved = listMoved(order, parsed.payload, current);
      if (moved) return await finish(step, { ...judged.facts, message: moved.message }, moved.verdict);
      const refused = renameRefused(order, parsed.payload, current) ?? restoredRefused(order, parsed.payload, current);
      if (refused)
        return await finish(step, { ...judged.facts, message: refused }, { to: "failed", lastError: refused });
      sending = withWholeSyncPolicy(order.kind, parsed.payload, current);
      const recorded = sending === parsed.payload ? parsed.recorded : recordedChange(order, sending, parsed.password);
      const next = await continueWithCreate(step, judged.facts, recorded, ctx, "change");
      if (!next) return "dropped";
      step = next;
    }
    // Never the "first create" rule: a 4xx answer to a change is never "someone else's name".
    const result = await ctx.calls.change(order.kind, action, ref, sending, scope, parsed.password);
    const judged = judgeCreate(result, false, order.naturalKey);
    if (judged.verdict.to === "succeeded" && confirmsByReadBack(order)) {
      // Accepted, perhaps only queued: read it back (a new lookup attempt) before success.
      // A 404 too: to a repeated DELETE it means "gone or going" (docs/upstream/qboxmail-lifecycle.md).
      const next = await continueWithCreate(step, judged.facts, { upstreamRef: ref }, ctx, "lookup", true);
      if (!next) return "dropped";
      step = next;
      const confirm = await readBack(true);
      return await finish(step, confirm.facts, confirm.verdict ?? waiting(confirm.facts, waitMs(step, ctx)), true);
    }
    const verdict: Verdict = judged.verdict.to === "succeeded" ? { to: "succeeded", ref } : judged.verdict;
    return await finish(step, judged.facts, verdict);
  } catch (err) {
    await releaseAfterOwnFailure(step, ctx);
    throw err;
  } finally {
    ctx.inFlight.delete(step.attemptId);
  }
}

function parseChange(order: LoadedOrder): {
  payload: ChangePayload;
  recorded: Prisma.InputJsonValue;
  /** The new password, opened from the sealed secret just before the call; never recorded. */
  password?: string;
  problem?: string;
} {
  const raw = (order.payload ?? {}) as ChangePayload;
  const action = order.action as ChangeAction;
  let payload: ChangePayload = {
    purge: raw.purge === true,
    ...(raw.purge === true && raw.deleteFiles === true ? { deleteFiles: true } : {}),
  };
  let password: string | undefined;
  if (action === "change") {
    const withPassword = raw.password === true && PASSWORD_PAIRS[order.kind] !== undefined;
    // Parsed again here: the stored payload is not trusted to still be valid. A password change
    // may set nothing else, which the schema alone would refuse as empty.
    const stored = raw.set ?? {};
    const set =
      withPassword && Object.keys(stored).length === 0
        ? ({ success: true, data: {} } as const)
        : STORED_CHANGE_SCHEMAS[order.kind].safeParse(stored);
    if (!set.success) return { payload, recorded: {}, problem: portalText("storedChangeInvalid") };
    const before = storedListsBefore(order.kind, raw.before);
    payload = { set: set.data as Record<string, unknown>, ...(before ? { before } : {}) };
    if (withPassword) {
      payload.password = true;
      password = openPassword(order);
      if (password === undefined) return { payload, recorded: {}, problem: portalText("sealedPasswordUnusable") };
    }
  }
  return { payload, recorded: recordedChange(order, payload, password), password };
}

/** What an attempt records of a change: the body without the password, and that one went with it. */
function recordedChange(order: LoadedOrder, payload: ChangePayload, password?: string): Prisma.InputJsonValue {
  const action = order.action as ChangeAction;
  return {
    action,
    body: changeBody(order.kind, action, payload),
    ...(password ? { password: "sealed" } : {}),
  } as Prisma.InputJsonValue;
}

/** The sealed password of a change (gone once the order ended), or undefined; never the cause. */
function openPassword(order: LoadedOrder): string | undefined {
  const field = PASSWORD_PAIRS[order.kind]?.password;
  if (!field || !order.sealedSecret) return undefined;
  try {
    const value = open(order.sealedSecret, order.id)[field];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    // The cause could quote the data it failed on.
    return undefined;
  }
}

/**
 * Read first: grommunio answers a suspend or resume of a soft-deleted domain with 200 and sets the
 * status asked for, which brings the deleted domain back; a change of some sync policy keys is
 * sent with the rest of the domain's policy, which only a read gives (docs/upstream/grommunio.md §12);
 * and a server is renamed only while nothing is homed on it, which the service's last reading
 * may no longer show (docs/lifecycle.md "Renaming a grommunio server").
 */
const readsBeforeSending = (order: LoadedOrder, payload: ChangePayload) =>
  (order.kind === "grommunio_domain" && (order.action === "suspend" || order.action === "resume")) ||
  // A list sent whole, sent again after a first attempt (a retry, support's included): the
  // provider's list may have moved since the change was placed (lib/services/whole-lists.ts).
  (payload.before !== undefined && order.attemptCount > 0) ||
  purgesDeleted(order, payload) ||
  (order.action === "change" && changesSyncPolicy(order.kind, payload)) ||
  (order.action === "change" && newHostname(order.kind, payload) !== undefined);

/**
 * A change whose stored data can no longer be used (it breaks a rule added since it was placed,
 * or its sealed password cannot be opened) but which may have applied, its answer lost. It is read
 * back and compared as stored: applied → succeeded, its work is done; not applied or the resource
 * gone → failed, as it would have without the lost answer, nothing sent. A new password cannot be
 * read back and a read that fails proves nothing: held for a person, as a create in the same case
 * is (provision-order.ts).
 */
async function unusableButMaybeApplied(
  order: LoadedOrder,
  ref: string,
  scope: CallScope,
  ctx: ProvisionContext,
  problem: string,
): Promise<{ facts: AttemptFacts; verdict: Verdict }> {
  const stored = (order.payload ?? {}) as ChangePayload;
  const held = (facts: Omit<AttemptFacts, "message">, error: string) => {
    const msg = portalText("storedChangeUnchecked", { error });
    return { facts: { ...facts, message: msg }, verdict: { to: "held", lastError: msg } as Verdict };
  };
  if (stored.password === true) return held({ outcome: "unknown" }, portalText("passwordNotReadBack"));
  const r = await ctx.calls.read(order.kind, ref, scope, order.naturalKey);
  if (r.kind !== "found" && r.kind !== "absent") return held({ call: r.call, outcome: r.kind }, r.message);
  const data = r.kind === "found" ? (r.data as Record<string, unknown>) : undefined;
  const seen = judgeApplied(
    order.kind,
    "change",
    { set: stored.set ?? {} },
    data ? { found: true, data } : { found: false },
  );
  const facts = { call: r.call, outcome: r.kind, ...(data ? { response: jsonOrNull(allowListedResponse(data)) } : {}) };
  if (seen === "applied")
    return {
      facts: { ...facts, message: portalText("storedChangeApplied") },
      verdict: { to: "succeeded", ref },
    };
  // Qboxmail shows it under way, perhaps applying this very change: not failed as unsent.
  if (seen === "waiting") return held(facts, portalText("underWayUpstream", { status: String(data?.status) }));
  return { facts: { ...facts, message: problem }, verdict: { to: "failed", lastError: problem } };
}

/** A purge of a domain a reseller deleted softly: grommunio should still hold it at status 3. */
const purgesDeleted = (order: LoadedOrder, payload: ChangePayload) =>
  order.kind === "grommunio_domain" && payload.purge === true && order.serviceStatus === "deleted";

/**
 * The refusal of a purge of a softly deleted domain that grommunio shows live again: its
 * administrator restored it after the portal's delete, and it delivers mail for someone (the drift
 * check reports it for support to adopt). A purge would remove it for good, mail and all.
 */
function restoredRefused(
  order: LoadedOrder,
  payload: ChangePayload,
  current: Record<string, unknown> | undefined,
): string | undefined {
  if (!purgesDeleted(order, payload) || current === undefined) return undefined;
  const status = current.domainStatus;
  return Number(status) === 3 ? undefined : portalText("purgeRestoredDomain", { status: String(status) });
}

/**
 * A whole list whose provider's value moved since the change was placed: nothing is sent. Never
 * sent, the change fails and is placed again from the service page, which shows the list as it is
 * now. Perhaps applied (its answer lost) and changed at the provider after that, it is held: sent
 * again it would undo that change, and placed again too; a person looks at the list and resolves it.
 */
function listMoved(
  order: LoadedOrder,
  payload: ChangePayload,
  current: Record<string, unknown> | undefined,
): { message: string; verdict: Verdict } | undefined {
  const field = listMovedSince(payload, current);
  if (!field) return undefined;
  const provider = order.provider === "qboxmail" ? "Qboxmail" : "grommunio";
  if (order.createSent || order.status === "unknown") {
    const message = portalText("listChangedMaybeApplied", { field, provider });
    return { message, verdict: { to: "held", lastError: message } };
  }
  const message = portalText("listChangedSincePlaced", { field, provider });
  return { message, verdict: { to: "failed", lastError: message } };
}

/**
 * The refusal of a rename the server as read now does not allow: users or domains (soft-deleted
 * ones included) homed on it, whose stored paths may contain the host name. A reading without
 * the counts refuses nothing (grommunio's GET of a server always has them).
 */
function renameRefused(
  order: LoadedOrder,
  payload: ChangePayload,
  current: Record<string, unknown> | undefined,
): string | undefined {
  if (order.action !== "change" || newHostname(order.kind, payload) === undefined) return undefined;
  const homed = homedOnServer(current);
  return homed && renameBlockedBy(homed) ? portalText("serverRenameNotEmpty", homed) : undefined;
}

/**
 * A Qboxmail delete succeeds only once a read-back no longer finds the resource: a domain's
 * deletion may be queued, and a 404 to a DELETE ("already gone") is taken from an assumed route
 * for managers too (docs/upstream/qboxmail-lifecycle.md), so neither is trusted unread. A
 * manager's read-back by code is an assumed route as well: its 404 counts only once the managers
 * list, asked by the manager's e-mail, no longer has it (readBack passes the natural key).
 */
const confirmsByReadBack = (order: LoadedOrder) =>
  (order.kind === "qboxmail_domain" || order.kind === "qboxmail_manager") && order.action === "delete";

/** How long until a queued deletion is read again: grows with each look, within the retry cap. */
function waitMs(step: Step, ctx: ProvisionContext): number {
  return Math.min(ctx.settings.retryMaxMs, ctx.settings.retryBaseMs * 2 ** Math.min(step.number - 1, 20));
}

/** Not done yet, nothing failed: "Checking" again later. The lookup's "found" is no failure, so
 * waiting does not use up the retry budget. */
function waiting(facts: AttemptFacts, retryAfterMs: number): Verdict {
  return {
    to: "unknown",
    lastError: facts.message ?? portalText("deletionStillListed"),
    retryAfterMs,
  };
}

type ReadBackJudged = {
  facts: AttemptFacts;
  verdict?: Verdict;
  /** A Qboxmail domain being deleted that is still listed: its status, and whether that status
   * was taken for the queued deletion (anything but the settled ones). */
  listed?: { status: string; queued: boolean };
  /** A Qboxmail change read back under way (a transitional status). */
  settling?: boolean;
};

/**
 * A read that shows a Qboxmail domain in a status other than the settled ones is taken for a
 * queued deletion only after the order's DELETE was answered as accepted: after a lost answer the
 * status may be another operation's ("updating") or a fault ("error"), so the DELETE is sent
 * again, which Qboxmail answers "gone or going" if it had landed (docs/upstream/qboxmail-lifecycle.md).
 * And a domain still listed long after a DELETE was accepted, whatever status it shows (a
 * deletion queued for ever, or a DELETE route that answers without deleting), is held for a
 * person instead of being read, and sent, again for ever. Only a read of a Qboxmail domain being
 * deleted that still finds it asks the database.
 */
async function checkQueuedDeletion(order: LoadedOrder, judged: ReadBackJudged, ctx: ProvisionContext) {
  if (judged.listed === undefined) return judged;
  // Counted from the first DELETE accepted since the order was last held for this reason: a
  // person's retry after that hold sends the DELETE again and waits anew.
  const [row] = await sqlRows<{ accepted_at: Date | null; held_before: boolean }>(Prisma.sql`
    WITH held AS (
      SELECT max(finished_at) AS at FROM attempt
      WHERE order_id = ${order.id}::uuid AND message LIKE ${`${HELD_TOO_LONG_START}%`}::text)
    SELECT min(a.finished_at) AS accepted_at, (SELECT at IS NOT NULL FROM held) AS held_before
    FROM attempt a
    WHERE a.order_id = ${order.id}::uuid AND a.kind = 'change' AND a.outcome = 'succeeded'
      AND a.finished_at > coalesce((SELECT at FROM held), '-infinity'::timestamptz)`);
  const { status, queued } = judged.listed;
  // Never accepted: a settled status sends the DELETE (again) anyway; another is not taken for it.
  if (!row?.accepted_at && !queued) return judged;
  if (!row?.accepted_at && row?.held_before) {
    const message = portalText("deletionSentAgain", { status });
    return { facts: { ...judged.facts, message } };
  }
  if (!row?.accepted_at) {
    const message = portalText("deletionNeverAccepted", { status });
    return { facts: { ...judged.facts, message } };
  }
  const waited = Date.now() - row.accepted_at.getTime();
  const limit = ctx.settings.queuedDeletionMaxMs ?? QUEUED_DELETION_MAX_MS;
  if (waited <= limit) return judged;
  const hours = Math.floor(waited / 3_600_000);
  const message =
    order.kind === "qboxmail_manager"
      ? portalText("managerDeletionQueuedTooLong", { hours })
      : portalText("deletionQueuedTooLong", { hours, status });
  return { facts: { ...judged.facts, message }, verdict: { to: "held" as const, lastError: message } };
}

/** How the hold below begins in its stored English: the text before its first value. */
const HELD_TOO_LONG_START = PORTAL_TEXTS.deletionQueuedTooLong.slice(
  0,
  PORTAL_TEXTS.deletionQueuedTooLong.indexOf("{"),
);

/**
 * A purge read back while the domain is still there, within SLOW_PURGE_MAX_MS of a purge whose
 * answer was lost: read again later instead of sending it again (waiting, as for a queued Qboxmail
 * deletion, uses up no attempts). Past that time, or with no such purge, it is sent again. A purge
 * whose attempt was abandoned (its worker killed, stopped or unable to record the answer) may be
 * running as well: it counts like one whose answer was lost.
 */
async function awaitSlowPurge(
  order: LoadedOrder,
  payload: ChangePayload,
  judged: ReadBackJudged,
  retryAfterMs: number,
): Promise<ReadBackJudged> {
  if (judged.verdict || order.kind !== "grommunio_domain" || order.action !== "delete" || !payload.purge) return judged;
  if (judged.facts.outcome !== "found") return judged;
  const [row] = await sqlRows<{ sent_at: Date | null }>(Prisma.sql`
    SELECT max(started_at) AS sent_at FROM attempt
    WHERE order_id = ${order.id}::uuid AND kind = 'change' AND outcome IN ('unknown', 'abandoned')`);
  if (!row?.sent_at || Date.now() - row.sent_at.getTime() > SLOW_PURGE_MAX_MS) return judged;
  const facts: AttemptFacts = { ...judged.facts, message: portalText("purgeMayStillRun") };
  return { facts, verdict: waiting(facts, retryAfterMs) };
}

/** A change read back under way: waited out (see STATUS_SETTLE_MAX_MS), else sent again. */
async function awaitStatusSettling(order: LoadedOrder, judged: ReadBackJudged): Promise<ReadBackJudged> {
  if (!judged.settling) return judged;
  const [row] = await sqlRows<{ sent_at: Date | null }>(Prisma.sql`
    SELECT max(started_at) AS sent_at FROM attempt WHERE order_id = ${order.id}::uuid AND kind = 'change'`);
  if (row?.sent_at && Date.now() - row.sent_at.getTime() <= STATUS_SETTLE_MAX_MS) return judged;
  return { facts: { ...judged.facts, message: portalText("readBackNotApplied") } };
}

/** How long a deletion Qboxmail accepted may stay listed before a person is asked to look. */
const QUEUED_DELETION_MAX_MS = 24 * 3_600_000;

function judgeReadBack(
  r: LookupResult<unknown>,
  order: LoadedOrder,
  action: ChangeAction,
  payload: ChangePayload,
  retryAfterMs: number,
  /** The change may already have applied (accepted, or its answer lost): a refused read holds. */
  mayHaveApplied: boolean,
): ReadBackJudged {
  const call = r.call;
  if (r.kind === "found" || r.kind === "absent") {
    const data = r.kind === "found" ? (r.data as Record<string, unknown>) : undefined;
    const response = data ? jsonOrNull(allowListedResponse(data)) : undefined;
    const seen = judgeApplied(order.kind, action, payload, data ? { found: true, data } : { found: false });
    if (seen === "applied")
      return {
        facts: { call, response, outcome: r.kind, message: portalText("readBackApplied") },
        verdict: { to: "succeeded", ref: order.upstreamRef ?? "" },
      };
    if (seen === "waiting" && action !== "delete") {
      // A change under way (judgeApplied): read again, as long as STATUS_SETTLE_MAX_MS allows.
      const msg = portalText(action === "change" ? "changeSettling" : "statusSettling", {
        status: String(data?.status),
      });
      const facts: AttemptFacts = { call, response, outcome: r.kind, message: msg };
      return { facts, verdict: waiting(facts, retryAfterMs), settling: true };
    }
    if (seen === "waiting") {
      const msg = portalText("deletionQueued");
      const facts: AttemptFacts = { call, response, outcome: r.kind, message: msg };
      return { facts, verdict: waiting(facts, retryAfterMs), listed: { status: String(data?.status), queued: true } };
    }
    if (seen === "gone") {
      const msg = portalText(data ? "softDeletedUpstream" : "resourceGone");
      return { facts: { call, outcome: "absent", message: msg }, verdict: { to: "failed", lastError: msg } };
    }
    const facts: AttemptFacts = { call, response, outcome: r.kind, message: portalText("readBackNotApplied") };
    return data && confirmsByReadBack(order)
      ? { facts, listed: { status: String(data.status), queued: false } }
      : { facts };
  }
  // Refused, the read proves nothing about a change that may have applied: a person decides, as
  // for a create whose lookup is refused after a lost answer (verdicts.ts).
  if (r.kind === "rejected")
    return {
      facts: { call, outcome: "rejected", message: r.message },
      verdict: { to: mayHaveApplied ? "held" : "failed", lastError: r.message },
    };
  if (r.kind === "auth")
    return { facts: { call, outcome: "auth", message: r.message }, verdict: { to: "held", lastError: r.message } };
  // A read applies nothing: a lost answer is merely transient, and the change may still be in
  // flight. Nothing sent yet (a read before the first send failed), the order is only waiting to
  // try again: "retrying", which support may retry now or cancel, not "unknown" ("Checking").
  return {
    facts: { call, outcome: "transient", message: r.message },
    verdict: {
      to: mayHaveApplied ? "unknown" : "retrying",
      lastError: r.message,
      ...(r.kind === "transient" ? { retryAfterMs: r.retryAfterMs } : {}),
    },
  };
}
