// The worker's outcome step is built once per shape (preparedTransition, lib/orders/state-machine.ts)
// instead of with Prisma's tag on every order (transition(), which the web still uses). For every
// shape the worker writes, both must send the same text with the same values, and leave the same
// order row, audit event, attempt row, services and webhook deliveries behind: twin orders, one
// through each path, compared with their own ids, names and references taken out.
import { describe, expect, it } from "vitest";
import { db, type Prisma, plainSql } from "@/lib/db";
import { StaleOrderError } from "@/lib/orders/errors";
import {
  preparedStep,
  preparedTransition,
  type TransitionInput,
  type TransitionPatch,
  transition,
} from "@/lib/orders/state-machine";
import {
  type AttemptFacts,
  beginAttempt,
  finishAttemptPart,
  finishAttemptSql,
  type Step,
} from "@/workers/processors/attempt-steps";
import { inProcessContext, orderRow, placeOrThrow } from "./ownership-kit";
import { fileTenantWithEveryEvent, forms, uniq } from "./pipeline-fixtures";

const t = fileTenantWithEveryEvent("https://hooks.example.test/outcome");
const ctx = inProcessContext();

const later = new Date(Date.now() + 60_000);
const call = { method: "POST", path: "/api/domains", status: 201, durationMs: 12, requestId: "rq-1" };

type Shape = { name: string; to: TransitionInput["to"]; patch: (ref: string) => TransitionPatch; facts: AttemptFacts };
// The outcomes writeOutcome (workers/processors/write-outcome.ts) writes, with and without the
// maybe-applied mark, and a claimed create's request written with its outcome.
const SHAPES: Shape[] = [];
for (const request of [undefined, { name: "REQUESTED", plan: "professional" }]) {
  for (const sent of [false, true]) {
    const mark = sent ? { createSent: true } : {};
    const with_ = `${sent ? ", maybe applied" : ""}${request ? ", request pending" : ""}`;
    SHAPES.push(
      {
        name: `succeeded${with_}`,
        to: "succeeded",
        patch: (ref) => ({ ...mark, upstreamRef: ref, lastError: null, fieldErrors: null }),
        facts: { outcome: "succeeded", call, response: { code: "REF" }, request },
      },
      {
        name: `failed${with_}`,
        to: "failed",
        patch: () => ({ ...mark, lastError: "refused", fieldErrors: { name: ["taken"] } }),
        facts: { outcome: "rejected", call: { ...call, status: 422 }, message: "refused", request },
      },
      {
        name: `given up${with_}`,
        to: "failed",
        patch: () => ({ ...mark, lastError: "gave up" }),
        facts: { outcome: "transient", message: "gave up", request },
      },
      {
        name: `retrying${with_}`,
        to: "retrying",
        patch: () => ({ ...mark, lastError: "later", nextAttemptAt: later }),
        facts: { outcome: "transient", call: { ...call, status: 503 }, message: "later", request },
      },
      {
        name: `unknown${with_}`,
        to: "unknown",
        patch: () => ({ ...mark, lastError: "timed out", nextAttemptAt: later }),
        facts: { outcome: "unknown", message: "timed out", request },
      },
      {
        name: `held${with_}`,
        to: "held",
        patch: () => ({ ...mark, lastError: "held by another order" }),
        facts: { outcome: "succeeded", call, message: "held by another order", request },
      },
    );
  }
}

/** An order in provisioning with an open create attempt, as the worker has it before its outcome. */
async function provisioning(): Promise<{ step: Step; ref: string; name: string }> {
  const name = `outcome-${uniq()}.example.com`;
  const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
  const o = await orderRow(id);
  const step = await beginAttempt(o, "create", { name }, ctx);
  return { step, ref: `D${uniq()}`, name };
}

function input(s: Shape, order: { step: Step; ref: string }): TransitionInput {
  const patch = s.patch(order.ref);
  return {
    orderId: order.step.orderId,
    from: "provisioning",
    to: s.to,
    expectedVersion: order.step.version,
    actor: { type: "worker", id: ctx.workerId, label: `worker ${ctx.workerId}` },
    reason: patch.lastError ?? null,
    patch,
    details: { attempt: order.step.number },
  };
}

/** Text or values with this order's own ids, name and reference (and a new service's id) taken out. */
function neutral(x: unknown, o: { step: Step; ref: string; name: string }): string {
  return JSON.stringify(x)
    .replaceAll(o.step.orderId, "ORDER")
    .replaceAll(o.step.attemptId, "ATTEMPT")
    .replaceAll(o.ref, "REF")
    .replaceAll(o.name, "NAME")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "NEW-ID");
}

/** What the step left behind. */
async function traceOf(o: { step: Step; ref: string; name: string }) {
  const id = o.step.orderId;
  const order = await orderRow(id);
  const [attempt] = await db().attempt.findMany({ where: { id: o.step.attemptId } });
  const events = await db().auditEvent.findMany({ where: { orderId: id }, orderBy: { id: "asc" } });
  const services = await db().service.findMany({ where: { createOrderId: id } });
  // Rows one statement wrote share their time: by type within it, so twin orders compare alike.
  const deliveries = await db().webhookDelivery.findMany({
    where: { orderId: id },
    orderBy: [{ createdAt: "asc" }, { eventType: "asc" }],
  });
  const { id: _a, startedAt: _s, finishedAt, ...attemptRest } = attempt ?? ({} as Record<string, unknown>);
  return neutral(
    {
      order: {
        status: order.status,
        version: order.version,
        upstreamRef: order.upstreamRef,
        lastError: order.lastError,
        fieldErrors: order.fieldErrors,
        createSent: order.createSent,
        nextAttemptAt: order.nextAttemptAt?.toISOString() ?? null,
        attemptCount: order.attemptCount,
        finished: order.finishedAt !== null,
        sealedSecret: order.sealedSecret !== null,
      },
      attempt: { ...attemptRest, finished: finishedAt !== null },
      events: events.map((e) => ({
        action: e.action,
        before: e.before,
        after: e.after,
        reason: e.reason,
        actor: [e.actorType, e.actorId, e.actorLabel],
      })),
      services: services.map((s) => ({
        kind: s.kind,
        status: s.status,
        upstreamRef: s.upstreamRef,
        owner: s.customerId,
      })),
      deliveries: deliveries.map((d) => {
        const { timestamp: _, ...payload } = d.payload as Record<string, unknown>;
        return { type: d.eventType, payload };
      }),
    },
    o,
  );
}

describe("the worker's outcome step built once per shape", () => {
  it.each(SHAPES.map((s) => [s.name, s] as const))("%s: the same statement and rows as transition()", async (_, s) => {
    const perCall = await provisioning();
    const prepared = await provisioning();
    // The statement transition() builds with Prisma's tag, recorded on its way to Postgres.
    const sent: Prisma.Sql[] = [];
    const recording = {
      $queryRaw: (statement: Prisma.Sql) => {
        sent.push(statement);
        return plainSql.$queryRaw(statement);
      },
    } as unknown as typeof plainSql;
    await transition(recording, input(s, perCall), [finishAttemptSql(perCall.step.attemptId, s.facts)]);
    const part = finishAttemptPart(prepared.step.attemptId, s.facts);
    const filled = preparedStep(input(s, prepared), part);
    expect(await preparedTransition(input(s, prepared), part)).toBe(prepared.step.version + 1);

    expect(filled.text).toBe(sent[0]?.text);
    expect(neutral(filled.values, prepared)).toBe(neutral(sent[0]?.values, perCall));
    expect(await traceOf(prepared)).toBe(await traceOf(perCall));
  });

  it("refuses a stale step, as transition() does, and writes nothing", async () => {
    const o = await provisioning();
    const s = SHAPES[0]!;
    const stale = { ...input(s, o), expectedVersion: o.step.version - 1 };
    await expect(preparedTransition(stale, finishAttemptPart(o.step.attemptId, s.facts))).rejects.toThrow(
      StaleOrderError,
    );
    expect((await orderRow(o.step.orderId)).status).toBe("provisioning");
    expect(await db().service.count({ where: { createOrderId: o.step.orderId } })).toBe(0);
  });
});
