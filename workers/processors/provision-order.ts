// One provisioning run for one order (docs/design.md invariants 2 and 4). A plain function so tests
// can drive it without BullMQ. Order of operations matters: the attempt row (intent) commits
// before any upstream call, and an order that may already exist upstream is looked up by its
// natural key before any create.
import { log } from "@/lib/log";
import { recordAttemptsPerOrder } from "@/lib/metrics/record";
import { promoteDependents } from "@/lib/orders/dependents";
import { StaleOrderError } from "@/lib/orders/errors";
import { releaseAttempt } from "@/lib/orders/relay";
import { type AttemptFacts, beginAttempt, continueWithCreate, type Step } from "./attempt-steps";
import { runChange } from "./change-order";
import { type ProvisionContext, workerActor } from "./context";
import { type LoadedOrder, loadOrder, prepareRequest, RUNNABLE } from "./load-order";
import { judgeCreate, judgeLookup } from "./verdicts";
import { type Verdict, writeOutcome } from "./write-outcome";

export type ProvisionResult = "skipped" | "written" | "dropped";

export async function provisionOrder(orderId: string, ctx: ProvisionContext): Promise<ProvisionResult> {
  const order = await loadOrder(orderId);
  if (!order || !(RUNNABLE as readonly string[]).includes(order.status))
    return skip(orderId, order?.status ?? "missing");
  if (order.action !== "create")
    return runChange(order, ctx, (step, facts, verdict) => finish(order, step, ctx, facts, verdict));
  const prepared = prepareRequest(order);
  if (prepared.waiting) return skip(orderId, "waiting for its server order");
  const lookupFirst = order.createSent;
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
  ctx.inFlight.set(step.attemptId, step);
  try {
    if (prepared.problem)
      return await finish(
        order,
        step,
        ctx,
        { outcome: "rejected", message: prepared.problem },
        { to: "failed", lastError: prepared.problem },
      );
    if (lookupFirst) {
      // Only identity fields (never passwords) are compared and quoted; see match-found.ts.
      const sent = { kind: order.kind, body: prepared.request.body };
      const judged = judgeLookup(await ctx.calls.lookup(order.kind, order.naturalKey), true, order.naturalKey, sent);
      if (judged.verdict) return await finish(order, step, ctx, judged.facts, judged.verdict);
      ctx.inFlight.delete(step.attemptId);
      const next = await continueWithCreate(step, judged.facts, prepared.recorded, ctx);
      if (!next) return "dropped";
      step = next;
      ctx.inFlight.set(step.attemptId, step);
    }
    const judged = judgeCreate(await ctx.calls.create(order.kind, prepared.request), !lookupFirst, order.naturalKey);
    return await finish(order, step, ctx, judged.facts, judged.verdict);
  } catch (err) {
    // Our own failure (e.g. Postgres away while writing the outcome): let go of the order at once
    // rather than leave it provisioning until the hard limit; a create is looked up next time.
    await releaseAttempt(
      { id: order.id, version: step.version },
      step.attemptId,
      step.kind,
      "The worker failed while handling this attempt",
      workerActor(ctx),
      new Date(Date.now() + (step.kind !== "lookup" ? ctx.settings.unknownLookupDelayMs : 0)),
    ).catch(() => undefined);
    throw err;
  } finally {
    ctx.inFlight.delete(step.attemptId);
  }
}

async function finish(
  order: LoadedOrder,
  step: Step,
  ctx: ProvisionContext,
  facts: AttemptFacts,
  verdict: Verdict,
): Promise<"written" | "dropped"> {
  const w = await writeOutcome(step, order.provider, facts, verdict, ctx);
  if (!w.written) return "dropped";
  if (w.status === "succeeded" || w.status === "failed") recordAttemptsPerOrder(order.provider, w.status, step.number);
  log.info("attempt finished", {
    orderId: order.id,
    attempt: step.number,
    attemptKind: step.kind,
    outcome: facts.outcome,
    status: w.status,
    httpStatus: facts.call?.status,
  });
  if (w.status === "succeeded" && order.kind === "grommunio_server") await promoteDependents(order.id, ctx.enqueue);
  return "written";
}

function skip(orderId: string, why: string): ProvisionResult {
  log.debug("provisioning skipped", { orderId, why });
  return "skipped";
}
