import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { IllegalTransitionError, StaleOrderError } from "@/lib/orders/errors";
import { transition } from "@/lib/orders/state-machine";
import { makeTenant } from "../factories";
import { forms, place, quiesceOrders } from "./pipeline-fixtures";

const actor = { type: "system", label: "test" } as const;

afterAll(async () => {
  await quiesceOrders(); // leave no jobs or runnable orders to the next test file
  await closeProducer();
  await disconnectDb();
});

async function queuedOrder() {
  const t = await makeTenant();
  const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
  if (!r.ok) throw new Error("setup");
  return db().order.findUniqueOrThrow({ where: { id: r.orderId } });
}

describe("transition()", () => {
  it("updates status and version and writes the audit event in the same transaction", async () => {
    const o = await queuedOrder();
    const v = await db().$transaction((tx) =>
      transition(tx, {
        orderId: o.id,
        from: "queued",
        to: "provisioning",
        expectedVersion: o.version,
        actor,
        reason: "test",
        patch: { attemptCount: 1 },
      }),
    );
    expect(v).toBe(o.version + 1);
    expect(await db().order.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({
      status: "provisioning",
      version: v,
      attemptCount: 1,
    });
    const ev = await db().auditEvent.findFirstOrThrow({ where: { orderId: o.id, action: "order.provisioning" } });
    expect(ev).toMatchObject({
      actorType: "system",
      reason: "test",
      before: { status: "queued", version: o.version },
      after: { status: "provisioning", attemptCount: 1 },
    });
  });

  it("lets exactly one of two concurrent writers win; the loser gets StaleOrderError and leaves no trace", async () => {
    const o = await queuedOrder();
    const attempt = (to: "provisioning" | "cancelled") =>
      db().$transaction((tx) =>
        transition(tx, { orderId: o.id, from: "queued", to, expectedVersion: o.version, actor }),
      );
    const results = await Promise.allSettled([attempt("provisioning"), attempt("cancelled")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(StaleOrderError);
    expect(lost.reason.message).toMatch(/changed by someone else/);
    const events = await db().auditEvent.findMany({ where: { orderId: o.id } });
    expect(events).toHaveLength(2); // placed + the winner's
  });

  it("refuses a transition the table does not allow, before touching the row", async () => {
    const o = await queuedOrder();
    await expect(
      db().$transaction((tx) =>
        transition(tx, { orderId: o.id, from: "queued", to: "succeeded", expectedVersion: o.version, actor }),
      ),
    ).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await db().order.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({
      status: "queued",
      version: o.version,
    });
  });

  it("clears the sealed secret on a terminal state", async () => {
    const o = await queuedOrder();
    expect(o.sealedSecret).not.toBeNull();
    await db().$transaction((tx) =>
      transition(tx, { orderId: o.id, from: "queued", to: "cancelled", expectedVersion: o.version, actor }),
    );
    expect(await db().order.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({
      status: "cancelled",
      sealedSecret: null,
      finishedAt: expect.any(Date),
    });
  });

  it("lets only a person take a failed order on: the worker is refused, support resolves it by hand", async () => {
    const o = await queuedOrder();
    const worker = { type: "worker", id: "w-test" } as const;
    let v = await transition(db(), {
      orderId: o.id,
      from: "queued",
      to: "provisioning",
      expectedVersion: o.version,
      actor: worker,
    });
    v = await transition(db(), {
      orderId: o.id,
      from: "provisioning",
      to: "failed",
      expectedVersion: v,
      actor: worker,
      reason: "rejected",
    });
    await expect(
      transition(db(), { orderId: o.id, from: "failed", to: "queued", expectedVersion: v, actor: worker }),
    ).rejects.toBeInstanceOf(IllegalTransitionError);
    const person = { type: "user", id: "00000000-0000-4000-8000-000000000001", label: "support@example.test" } as const;
    await transition(db(), {
      orderId: o.id,
      from: "failed",
      to: "succeeded",
      expectedVersion: v,
      actor: person,
      reason: "created by hand",
      patch: { upstreamRef: "D100000777" },
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({
      status: "succeeded",
      upstreamRef: "D100000777",
      sealedSecret: null,
    });
    const ev = await db().auditEvent.findFirstOrThrow({ where: { orderId: o.id, action: "order.succeeded" } });
    expect(ev).toMatchObject({
      actorType: "user",
      reason: "created by hand",
      after: { status: "succeeded", upstreamRef: "D100000777" },
    });
  });
});
