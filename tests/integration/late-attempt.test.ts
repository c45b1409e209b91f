// A stale attempt's late result (workers/processors/write-outcome.ts): a worker whose attempt was
// released or superseded while its call ran records what it learnt on its own attempt row and
// leaves the order alone. Written with plain statements, no ORM call (docs/benchmarks/worker.md "No ORM
// in a long drain"): a late result must not load the query compiler into the worker for good.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { releaseAttempt } from "@/lib/orders/relay";
import { continueWithCreate, type Step } from "@/workers/processors/attempt-steps";
import { writeOutcome } from "@/workers/processors/write-outcome";
import { ormCallsDuring } from "../support/orm-calls";
import { inProcessContext, orderRow, placeOrThrow } from "./ownership-kit";
import { forms, makeTenant, pipelineFileHooks, type Tenant } from "./pipeline-fixtures";

let t: Tenant;
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
  },
});
const ctx = inProcessContext();

/** An order provisioning at version 2 under an open create attempt, as a worker's claim leaves it. */
async function provisioning(): Promise<{ order: Awaited<ReturnType<typeof orderRow>>; step: Step }> {
  const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain());
  const attemptId = randomUUID();
  await db().attempt.create({
    data: { id: attemptId, orderId: id, number: 1, kind: "create", workerId: ctx.workerId },
  });
  const order = await db().order.update({
    where: { id },
    data: { status: "provisioning", version: 2, attemptCount: 1, currentAttemptId: attemptId },
  });
  return { order, step: { orderId: id, attemptId, version: 2, kind: "create", number: 1 } };
}

const call = { method: "POST", path: "/api/domains", status: 201, durationMs: 42, requestId: "req-late-1" };

async function lateSuccess(order: Awaited<ReturnType<typeof orderRow>>, step: Step) {
  return ormCallsDuring(() =>
    writeOutcome(
      step,
      order,
      {
        outcome: "succeeded",
        call,
        response: { code: "D-LATE" },
        message: "created",
        request: { name: "late.example" },
      },
      { to: "succeeded", ref: "D-LATE" },
      ctx,
    ),
  );
}

describe("a stale attempt's late result", () => {
  it("finishes its still-open attempt with the call's facts and a note; the order is left to its holder", async () => {
    const { order, step } = await provisioning();
    // Someone else moved the order on (a support action, a newer claim) without closing the attempt.
    await db().order.update({ where: { id: order.id }, data: { version: 3 } });
    const { result, calls } = await lateSuccess(order, step);
    expect(result).toEqual({ written: false });
    expect(calls).toEqual([]);
    const a = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    expect(a).toMatchObject({
      outcome: "succeeded",
      message: "Superseded; result not applied (succeeded, HTTP 201). created",
      httpMethod: "POST",
      httpPath: "/api/domains",
      httpStatus: 201,
      durationMs: 42,
      upstreamRequestId: "req-late-1",
      response: { code: "D-LATE" },
    });
    expect(a.finishedAt).not.toBeNull();
    expect(await orderRow(order.id)).toMatchObject({ status: "provisioning", version: 3, upstreamRef: null });
  });

  it("keeps the releaser's outcome on an attempt already abandoned and adds the note to its message", async () => {
    const { order, step } = await provisioning();
    const released = await releaseAttempt({ id: order.id, version: 2 }, step.attemptId, "create", "worker gone", {
      type: "system",
    });
    expect(released).toBe(3);
    const before = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    const { result, calls } = await lateSuccess(order, step);
    expect(result).toEqual({ written: false });
    expect(calls).toEqual([]);
    const a = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    expect(a).toMatchObject({
      outcome: "abandoned",
      finishedAt: before.finishedAt,
      message: "worker gone Superseded; result not applied (succeeded, HTTP 201). created",
      httpStatus: null,
      response: null,
      // Claimed without its request (the fast claim): what was sent is filled in all the same.
      request: { name: "late.example" },
    });
    const o = await orderRow(order.id);
    expect(o).toMatchObject({ version: 3, upstreamRef: null });
    expect(o.status).not.toBe("succeeded");
  });

  it("an accepted call whose next step finds the order moved on is still written on its attempt", async () => {
    // A Qboxmail DELETE accepted, then confirmed by a read-back as a new attempt: the relay took the
    // order back meanwhile (a stale heartbeat), so the read-back step is never begun.
    const { order, step } = await provisioning();
    await releaseAttempt({ id: order.id, version: 2 }, step.attemptId, "create", "worker gone", { type: "system" });
    const accepted = {
      method: "DELETE",
      path: "/api/domains/D-GONE",
      status: 204,
      durationMs: 17,
      requestId: "req-late-2",
    };
    const { result: next, calls } = await ormCallsDuring(() =>
      continueWithCreate(
        step,
        { outcome: "succeeded", call: accepted, message: "accepted" },
        { upstreamRef: "D-GONE" },
        ctx,
        "lookup",
        true,
      ),
    );
    expect(next).toBeUndefined();
    expect(calls).toEqual([]);
    // The releaser's outcome stays; the answered call joins its message.
    expect(await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } })).toMatchObject({
      outcome: "abandoned",
      message: "worker gone Superseded; result not applied (succeeded, HTTP 204). accepted",
    });
    expect(await db().attempt.count({ where: { orderId: order.id } })).toBe(1);
    const o = await orderRow(order.id);
    expect(o.version).toBe(3);
    expect(o.status).not.toBe("provisioning");
  });
});
