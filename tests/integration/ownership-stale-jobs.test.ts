// Behaviour 7, "stale jobs do nothing" (docs/reliability.md "Stale work"): a job for an older
// order version, or for an order whose next attempt is not due, is skipped without a call; an
// abandoned lookup releases the order to unknown, which support cannot cancel without resolving;
// the relay dispatches each provider in its own batch, so one backlog never starves the other.
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer, enqueueOrders } from "@/lib/jobs/enqueue-order";
import { PROVISION_QUEUES, provisionJobId } from "@/lib/jobs/provision-job";
import { relayOnce, releaseAttempt } from "@/lib/orders/relay";
import { cancelOrder } from "@/lib/support/order-actions";
import { provisionOrder } from "@/workers/processors/provision-order";
import { makeUser } from "../factories";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow } from "./ownership-kit";
import { forms, ledger, makeTenant, quiesceOrders, type Tenant } from "./pipeline-fixtures";

let t: Tenant;
const ctx = inProcessContext();
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });

beforeAll(async () => {
  await quiesceOrders();
  t = await makeTenant();
});
afterAll(async () => {
  await quiesceOrders();
  redis.disconnect();
  await closeProducer();
  await disconnectDb();
});

describe("stale jobs do nothing", () => {
  it("a job for an older order version is skipped: no attempt, no upstream call", async () => {
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain());
    const before = (await ledger("qboxmail")).created.length;
    await db().order.update({ where: { id }, data: { version: 3 } });
    expect(await provisionOrder(id, ctx, 2)).toBe("skipped");
    expect(await attemptsOf(id)).toHaveLength(0);
    expect((await ledger("qboxmail")).created.length).toBe(before);
    expect(await provisionOrder(id, ctx, 3)).toBe("written");
  });

  it("a duplicate delivery before the order's next attempt is due is skipped", async () => {
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain());
    await db().order.update({
      where: { id },
      data: { status: "retrying", nextAttemptAt: new Date(Date.now() + 60_000) },
    });
    expect(await provisionOrder(id, ctx)).toBe("skipped");
    expect(await orderRow(id)).toMatchObject({ status: "retrying" });
    expect(await attemptsOf(id)).toHaveLength(0);
  });

  it("an abandoned lookup releases the order to unknown, which support cannot cancel", async () => {
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain());
    const attemptId = randomUUID();
    await db().attempt.create({ data: { id: attemptId, orderId: id, number: 1, kind: "lookup", workerId: "w" } });
    await db().order.update({
      where: { id },
      data: { status: "provisioning", version: 2, currentAttemptId: attemptId, createSent: true },
    });
    const version = await releaseAttempt({ id, version: 2 }, attemptId, "lookup", "worker gone", { type: "system" });
    expect(version).toBe(3);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    const support = await makeUser("support");
    await expect(
      cancelOrder(support, { orderId: id, expectedVersion: 3, reason: "customer withdrew" }),
    ).rejects.toThrow("An order that is unknown cannot be cancelled.");
  });

  it("the relay gives each provider its own batch: a Qboxmail backlog does not starve grommunio", async () => {
    const grom = await placeOrThrow(t, "grommunio_server", forms.grommunio_server());
    const qbox = await Promise.all(
      Array.from({ length: 12 }, () => placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain())),
    );
    // All due, the Qboxmail ones longest: a shared batch of 5 would hold Qboxmail orders only.
    await db().order.updateMany({ where: { id: { in: qbox } }, data: { queuedAt: new Date(Date.now() - 60_000) } });
    await db().order.update({ where: { id: grom }, data: { queuedAt: new Date(Date.now() - 10_000) } });
    for (const q of Object.values(PROVISION_QUEUES)) {
      const queue = new Queue(q, { connection: redis });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await relayOnce({
      enqueue: (o, delayMs) => enqueueOrders(o, { delayMs }),
      graceMs: 1_000,
      staleWorkerMs: 60_000,
      hardLimitMs: 600_000,
      lookupDelayMs: 0,
      lostAttemptMarginMs: 60_000,
      batch: 5,
    });
    const g = new Queue(PROVISION_QUEUES.grommunio, { connection: redis });
    expect(await g.getJob(provisionJobId(grom, 0))).toBeDefined();
    await g.close();
    // Qboxmail got a batch of its own, at most the batch's size: some of its 12, not all.
    const q = new Queue(PROVISION_QUEUES.qboxmail, { connection: redis });
    const queued = (await Promise.all(qbox.map((id) => q.getJob(provisionJobId(id, 0))))).filter(Boolean);
    await q.close();
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.length).toBeLessThanOrEqual(5);
  });
});
