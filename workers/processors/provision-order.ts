// One provisioning run for one order (docs/design.md invariants 2 and 4). A plain function so tests
// can drive it without BullMQ. Order of operations matters: the attempt row (intent) commits
// before any upstream call, and an order that may already exist upstream is looked up by its
// natural key before any create.
import { Prisma, plainSql, sqlRows } from "@/lib/db";
import { portalText, readPortalText } from "@/lib/i18n/portal-texts";
import { log } from "@/lib/log";
import { recordAttemptsPerOrder } from "@/lib/metrics/record";
import { createdBeforeFirstCreate, unsettledStatus } from "@/lib/orders/created-before";
import { promoteDependents } from "@/lib/orders/dependents";
import { StaleOrderError } from "@/lib/orders/errors";
import { heldByOtherForReseller, otherHolder } from "@/lib/orders/ownership";
import { type AtStart, atStart, attemptsFailed, budgetSpent, stopMessage } from "@/lib/orders/retry-cap";
import type { UpstreamRequest } from "@/lib/orders/schemas/types";
import type { UpstreamCalls } from "@/lib/services/upstream-calls";
import { activeTraceIds, activeTraceparent } from "@/lib/tracing/spans";
import { attemptScope, type CallScope } from "@/lib/upstream/http";
import { notMatchingMessage } from "@/lib/upstream/identity";
import {
  type AttemptFacts,
  beginAttempt,
  continueWithCreate,
  failuresSoFar,
  releaseAfterOwnFailure,
  type Step,
} from "./attempt-steps";
import { runChange } from "./change-order";
import { claimAttempt } from "./claim-attempt";
import type { ProvisionContext } from "./context";
import { type LoadedOrder, loadOrder, type Prepared, prepareRequest, RUNNABLE } from "./load-order";
import {
  isDuplicateAnswer,
  judgeCreate,
  judgeLookup,
  nameTakenField,
  refusedAfterMaybeApplied,
  type Sent,
} from "./verdicts";
import { type Verdict, writeOutcome } from "./write-outcome";

export type ProvisionResult = "skipped" | "written" | "dropped";

/** `jobVersion`: the order version the job was enqueued for (from its job id), when known. */
export async function provisionOrder(
  orderId: string,
  ctx: ProvisionContext,
  jobVersion?: number,
): Promise<ProvisionResult> {
  // The usual case in one statement: read and claim together (claim-attempt.ts). Below the cap
  // the failures so far are the attempts made (as in the plain path), and the run is a normal one.
  const claimed = await claimAttempt(orderId, jobVersion, ctx, new Date(Date.now() + NOT_DUE_SLACK_MS));
  if (claimed) {
    const { order, step } = claimed;
    const prepared = prepareRequest(order);
    // The create attempt's request is recorded with its outcome (it was not known when claimed).
    const record = step.requestPending ? prepared.recorded : undefined;
    return runAttempt(order, step, ctx, prepared, { mode: "normal" }, order.attemptCount, record);
  }
  const order = await loadOrder(orderId);
  if (!order || !(RUNNABLE as readonly string[]).includes(order.status))
    return skip(orderId, order?.status ?? "missing");
  // Stale jobs do nothing: whoever moved the order on enqueued its own job (or the relay will),
  // and an order waiting for its backoff is not run early by a duplicate delivery.
  if (jobVersion !== undefined && jobVersion !== order.version) return skip(orderId, "job for an older version");
  if (order.nextAttemptAt && order.nextAttemptAt.getTime() > Date.now() + NOT_DUE_SLACK_MS)
    return skip(orderId, "not due yet");
  // Counting failures costs a query: only once the order has made enough attempts to reach the cap.
  const counted =
    order.attemptCount >= ctx.settings.maxAttempts
      ? await failuresSoFar(plainSql, order.id)
      : { failed: order.attemptCount, rateLimited: 0 };
  const failures = attemptsFailed(counted);
  const cap = atStart(budgetSpent(counted), ctx.settings.maxAttempts, order.createSent);
  if (order.action !== "create" && cap.mode !== "stop")
    return runChange(
      order,
      ctx,
      attemptScope(ctx.settings.attemptDeadlineMs, ctx.trace),
      (step, facts, verdict, mayHaveApplied) =>
        finishAttempt(mayHaveApplied ? { ...order, createSent: true } : order, step, ctx, facts, verdict),
    );
  const prepared = order.action === "create" ? prepareRequest(order) : NO_REQUEST;
  if (prepared.waiting) return skip(orderId, "waiting for its server order");
  const lookupFirst = order.createSent || cap.mode === "stop";
  let step: Step;
  try {
    step = await beginAttempt(
      order,
      lookupFirst ? "lookup" : "create",
      lookupFirst ? { naturalKey: order.naturalKey } : prepared.recorded,
      ctx,
    );
  } catch (err) {
    if (err instanceof StaleOrderError) return skip(orderId, "taken by another worker");
    throw err;
  }
  return runAttempt(order, step, ctx, prepared, cap, failures);
}

/** The attempt once its step has committed: the upstream calls and the outcome's step. */
async function runAttempt(
  order: LoadedOrder,
  first: Step,
  ctx: ProvisionContext,
  prepared: Prepared,
  cap: AtStart,
  failures: number,
  /** Set when the attempt row still lacks its request (a claimed create): written with the outcome. */
  pendingRequest?: Prisma.InputJsonValue,
): Promise<ProvisionResult> {
  let step = first;
  const lookupFirst = order.createSent || cap.mode === "stop";
  const finish = (s: Step, facts: AttemptFacts, verdict: Verdict) =>
    finishAttempt(
      order,
      s,
      ctx,
      pendingRequest && s === first ? { ...facts, request: pendingRequest } : facts,
      verdict,
    );
  ctx.inFlight.set(step.attemptId, step);
  try {
    if (cap.mode === "stop") {
      const msg = stopMessage(cap.to, failures);
      return await finish(step, { outcome: "abandoned", message: msg }, { to: cap.to, lastError: msg });
    }
    // Every upstream request of the attempt shares one deadline from here (lib/upstream/http.ts).
    const scope = attemptScope(ctx.settings.attemptDeadlineMs, ctx.trace);
    if (prepared.problem) {
      if (!order.createSent)
        return await finish(
          step,
          { outcome: "rejected", message: prepared.problem },
          { to: "failed", lastError: prepared.problem },
        );
      // A create of it may have landed: the order cannot be sent or compared as stored, but it
      // is not failed blind. Found by its name, a person decides; not found, it fails.
      const found = await ctx.calls.lookup(order.kind, order.naturalKey, scope);
      if (found.kind === "absent")
        return await finish(
          step,
          { call: found.call, outcome: "absent", message: prepared.problem },
          { to: "failed", lastError: prepared.problem },
        );
      const msg =
        found.kind === "found"
          ? portalText("storedInvalidButFound", { name: order.naturalKey, ref: found.ref })
          : portalText("storedInvalidUnchecked", { error: found.message });
      return await finish(
        step,
        { call: found.call, outcome: found.kind, message: msg },
        { to: "held", lastError: msg },
      );
    }
    if (lookupFirst) {
      // Only identity fields (never passwords) are compared and quoted; see lib/upstream/identity.ts.
      const sent = { kind: order.kind, body: prepared.request.body };
      const final = cap.mode === "final-lookup" ? { failures } : undefined;
      const found = await ctx.calls.lookup(order.kind, order.naturalKey, scope);
      const adoptable = await holdIfSetupFailed(
        order,
        holdIfUnsettled(
          order,
          found,
          await holdIfCreatedBefore(
            order,
            found,
            await refuseForeign(order, judgeLookup(found, true, order.naturalKey, sent, final)),
          ),
          final,
        ),
      );
      const judged = await explainFinalAbsence(
        order,
        final,
        await holdIfRoleMissing(order, adoptable, { request: prepared.request, sent, final }, ctx.calls, scope),
      );
      if (judged.verdict) return await finish(step, judged.facts, judged.verdict);
      const next = await continueWithCreate(step, judged.facts, prepared.recorded, ctx);
      if (!next) return "dropped";
      step = next;
    }
    const created = judgeCreate(
      await ctx.calls.create(order.kind, prepared.request, scope),
      !order.createSent,
      order.naturalKey,
      order.kind,
    );
    const judged = order.createSent ? refusedAfterMaybeApplied(created) : created;
    return await finish(step, judged.facts, judged.verdict);
  } catch (err) {
    await releaseAfterOwnFailure(step, ctx);
    throw err;
  } finally {
    ctx.inFlight.delete(step.attemptId);
  }
}

// A change order that reached the cap stops through the same steps as a create (no request).
const NO_REQUEST: ReturnType<typeof prepareRequest> = { request: { body: {} }, recorded: {} };

// BullMQ may fire a delayed job a little before the time the order row holds.
const NOT_DUE_SLACK_MS = 250;

/**
 * grommunio commits a domain before it sets up the domain's store and home directory, and answers
 * 500 "Error during domain setup" when that fails (docs/upstream/grommunio.md §6): the domain the
 * lookup then finds matches the order but is not usable. When one of the order's creates was
 * answered so, the order is held for a person instead of adopting the domain as delivered. Only
 * grommunio domain orders about to adopt ask, so the usual path reads nothing more.
 */
async function holdIfSetupFailed(order: LoadedOrder, judged: ReturnType<typeof judgeLookup>) {
  const v = judged.verdict;
  if (v?.to !== "succeeded" || order.kind !== "grommunio_domain") return judged;
  const [row] = await sqlRows<{ message: string }>(Prisma.sql`
    SELECT message FROM attempt
    WHERE order_id = ${order.id}::uuid AND kind = 'create' AND message LIKE ${`%${SETUP_FAILED}%`}::text
    ORDER BY number DESC LIMIT 1`);
  if (!row) return judged;
  const detail = row.message.slice(row.message.indexOf(SETUP_FAILED));
  const msg = portalText("setupFailedUpstream", { name: order.naturalKey, ref: v.ref, detail });
  return { facts: { ...judged.facts, message: msg }, verdict: { to: "held" as const, lastError: msg } };
}

/**
 * grommunio commits a domain before it makes the Domain Admin role `createRole=true` asks for, and
 * answers 400 or 500 when that fails (docs/upstream/grommunio.md §6): the domain the lookup finds
 * after such an answer (or a lost one) matches the order, but its role may be missing. So before
 * such a domain is adopted the role is looked for: missing, the order is held for a person; a read
 * that fails is judged as a failed lookup (tried again, or held at the retry cap). Only grommunio
 * domain orders that asked for the role and are about to adopt ask.
 */
async function holdIfRoleMissing(
  order: LoadedOrder,
  judged: ReturnType<typeof judgeLookup>,
  asked: { request: UpstreamRequest; sent: Sent; final: { failures: number } | undefined },
  calls: UpstreamCalls,
  scope: CallScope,
) {
  const v = judged.verdict;
  if (v?.to !== "succeeded" || order.kind !== "grommunio_domain" || asked.request.query?.createRole !== "true")
    return judged;
  const role = await calls.domainAdminRole(v.ref, scope);
  if (role.kind === "found") return judged;
  if (role.kind !== "absent") return judgeLookup(role, true, order.naturalKey, asked.sent, asked.final);
  const msg = portalText("roleMissingUpstream", { name: order.naturalKey, ref: v.ref });
  return { facts: { ...judged.facts, message: msg }, verdict: { to: "held" as const, lastError: msg } };
}

/**
 * The final lookup found nothing, and the attempts say more than "nothing was created":
 * - A create of this order was answered "already exists": the upstream said the name is taken,
 *   and its list says it is not there. Either may be wrong (how Qboxmail's `query` matches is not
 *   documented: docs/upstream/qboxmail.md §4), and failing the order as "nothing was created"
 *   could leave a resource of it upstream with no owner, so the order is held for a person, with
 *   the duplicate answer quoted as the reason the lookup cannot tell.
 * - The last create was refused (a 4xx after one that may have gone through, looked up again
 *   rather than failed: `refusedAfterMaybeApplied` in verdicts.ts). The order fails, as absent,
 *   and its text quotes that refusal: it is what the order must change to go through, where
 *   "retry" alone would meet it again. The refusal's field problems are on the order already.
 * Only a final lookup that would fail the order as absent reads the attempts for it.
 */
async function explainFinalAbsence(
  order: LoadedOrder,
  final: { failures: number } | undefined,
  judged: ReturnType<typeof judgeLookup>,
) {
  if (!final || judged.verdict?.to !== "failed" || judged.facts.outcome !== "absent") return judged;
  const rows = await sqlRows<{ message: string | null; outcome: string | null; httpStatus: number | null }>(Prisma.sql`
    SELECT message, outcome, http_status AS "httpStatus" FROM attempt
    WHERE order_id = ${order.id}::uuid AND kind = 'create'
    ORDER BY number DESC`);
  const said = rows.find((r) => r.outcome === "unknown" && r.message && isDuplicateAnswer(r.message))?.message;
  if (said) {
    const msg = portalText("saidToExistButAbsent", { attempts: final.failures, name: order.naturalKey, error: said });
    return { facts: { ...judged.facts, message: msg }, verdict: { to: "held" as const, lastError: msg } };
  }
  const last = rows[0];
  if (!last?.message || last.outcome !== "unknown" || !isRefusalStatus(last.httpStatus)) return judged;
  // grommunio's unexpected 400 to a create is no refusal: it may come after the commit (docs/upstream/grommunio.md §6).
  if (readPortalText(last.message)?.key === "gromUnexpected400") return judged;
  const msg = portalText("finalLookupAbsentAfterRefusal", {
    attempts: final.failures,
    name: order.naturalKey,
    error: last.message,
  });
  return { facts: { ...judged.facts, message: msg }, verdict: { ...judged.verdict, lastError: msg } };
}

/** A client error other than a timeout (408) or a rate limit (429): the upstream refused what it was sent. */
const isRefusalStatus = (status: number | null) =>
  status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * A Qboxmail resource the lookup found that the provider says was created before this order's
 * first create was sent is not the order's own (lib/orders/created-before.ts). Held for a person,
 * not failed: a provider clock far behind ours would make the order's own resource look older
 * than the order. Only a lookup about to adopt asks, so the usual path reads nothing more.
 */
async function holdIfCreatedBefore(
  order: LoadedOrder,
  found: { kind: string; data?: unknown },
  judged: ReturnType<typeof judgeLookup>,
) {
  const v = judged.verdict;
  if (v?.to !== "succeeded" || found.kind !== "found") return judged;
  if (!(await createdBeforeFirstCreate(order.id, order.provider, found.data))) return judged;
  const msg = portalText("createdBeforeOrder", { name: order.naturalKey, ref: v.ref });
  return { facts: { ...judged.facts, message: msg }, verdict: { to: "held" as const, lastError: msg } };
}

/**
 * A Qboxmail resource that matches the order but shows a status other than the documented three
 * (the provider at work on it, or a queued deletion) is not adopted yet: such a status passes
 * (docs/upstream/qboxmail-lifecycle.md "Status words"), so the lookup is asked again like one that
 * could not tell; the final lookup holds it for a person, who can see what it turned into
 * (lib/orders/created-before.ts `unsettledStatus`). The status is quoted to support on the
 * attempt only: the resource may be someone else's.
 */
function holdIfUnsettled(
  order: LoadedOrder,
  found: { kind: string; data?: unknown },
  judged: ReturnType<typeof judgeLookup>,
  final: { failures: number } | undefined,
) {
  if (judged.verdict?.to !== "succeeded" || found.kind !== "found") return judged;
  const status = unsettledStatus(order.provider, found.data);
  if (status === undefined) return judged;
  const settled = JSON.stringify("enabled, disabled or ownership_check");
  const fields = { field: "status", theirs: JSON.stringify(status), ours: settled };
  const msg = notMatchingMessage(order.naturalKey, [portalText("difference", fields)]);
  const shown = notMatchingMessage(order.naturalKey, [portalText("differenceWithheld", fields)]);
  if (!final)
    return {
      facts: { ...judged.facts, outcome: "transient" as const, message: msg },
      verdict: { to: "unknown" as const, lastError: shown },
    };
  return { facts: { ...judged.facts, message: msg }, verdict: { to: "held" as const, lastError: shown } };
}

/** grommunio's words when a domain was committed but its store or home directory was not made. */
const SETUP_FAILED = "Error during domain setup";

/** Adoption is refused when another live order already holds the found resource. */
async function refuseForeign(order: LoadedOrder, judged: ReturnType<typeof judgeLookup>) {
  const v = judged.verdict;
  if (v?.to !== "succeeded") return judged;
  const other = await otherHolder(order, v.ref);
  if (!other) return judged;
  const msg = heldByOtherForReseller(order.naturalKey, v.ref, other);
  return {
    facts: { ...judged.facts, message: msg },
    verdict: { to: "failed" as const, lastError: msg, fieldErrors: nameTakenField(order.kind) },
  };
}

async function finishAttempt(
  order: LoadedOrder,
  step: Step,
  ctx: ProvisionContext,
  facts: AttemptFacts,
  verdict: Verdict,
): Promise<"written" | "dropped"> {
  const w = await writeOutcome(step, order, facts, verdict, ctx);
  if (!w.written) return "dropped";
  if (w.status === "succeeded" || w.status === "failed") recordAttemptsPerOrder(order.provider, w.status, step.number);
  log.info("attempt finished", {
    orderId: order.id,
    attempt: step.number,
    attemptKind: step.kind,
    outcome: facts.outcome,
    status: w.status,
    httpStatus: facts.call?.status,
    ...activeTraceIds(ctx.trace),
  });
  if (w.status === "succeeded" && order.kind === "grommunio_server") {
    // The server's dependents continue its trace.
    const traceparent = activeTraceparent(ctx.trace);
    await promoteDependents(order.id, (o) => ctx.enqueue(o, { traceparent }));
  }
  return "written";
}

function skip(orderId: string, why: string): ProvisionResult {
  log.debug("provisioning skipped", { orderId, why });
  return "skipped";
}
