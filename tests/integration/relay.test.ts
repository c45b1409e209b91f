// The dispatch relay on its own, in-process: what it enqueues, recovers and promotes.

import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb, Prisma, sqlTransaction } from "@/lib/db";
import { closeProducer, type EnqueueTarget, enqueueOrders, withoutWaitingJobs } from "@/lib/jobs/enqueue-order";
import { PROVISION_QUEUES, provisionJobId } from "@/lib/jobs/provision-job";
import { relayOnce } from "@/lib/orders/relay";
import { makeTenant } from "../factories";
import { forms, place, quiesceOrders } from "./pipeline-fixtures";

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const queue = new Queue(PROVISION_QUEUES.qboxmail, { connection: redis });
const settings = {
  enqueue: (o: Parameters<typeof enqueueOrders>[0], delayMs?: number) => enqueueOrders(o, { delayMs }),
  graceMs: 1_000,
  staleWorkerMs: 1_000,
  hardLimitMs: 600_000,
  lookupDelayMs: 0,
  lostAttemptMarginMs: 1_000,
};

afterAll(async () => {
  await quiesceOrders(); // leave no jobs or runnable orders to the next test file
  await queue.close();
  redis.disconnect();
  await closeProducer();
  await disconnectDb();
});

async function queuedDomain() {
  const t = await makeTenant();
  const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
  if (!r.ok) throw new Error("setup");
  return { t, id: r.orderId };
}

/**
 * A queued domain taken into provisioning `startedAgoMs` ago by a worker whose heartbeat is
 * fresh; that worker lists the attempt as in flight only when `listed`.
 */
async function provisioningOnLiveWorker({ startedAgoMs, listed }: { startedAgoMs: number; listed: boolean }) {
  const { id } = await queuedDomain();
  const attemptId = randomUUID();
  const workerId = `live-${randomUUID()}`;
  const startedAt = new Date(Date.now() - startedAgoMs);
  await db().attempt.create({ data: { id: attemptId, orderId: id, number: 1, kind: "create", workerId, startedAt } });
  await db().workerHeartbeat.create({
    data: {
      workerId,
      host: "h",
      pid: 1,
      queues: [],
      startedAt: new Date(),
      lastSeen: new Date(),
      inFlight: listed ? [attemptId] : [],
    },
  });
  await db().order.update({
    where: { id },
    data: { status: "provisioning", version: 3, currentAttemptId: attemptId },
  });
  return { id, attemptId };
}

describe("relayOnce", () => {
  it("re-enqueues a queued order whose job was lost, once it is older than the grace period", async () => {
    const { id } = await queuedDomain();
    await queue.remove(provisionJobId(id, 0));
    expect(await queue.getJob(provisionJobId(id, 0))).toBeUndefined();
    await relayOnce(settings);
    expect(await queue.getJob(provisionJobId(id, 0))).toBeUndefined(); // still within grace
    await db().order.update({ where: { id }, data: { queuedAt: new Date(Date.now() - 5_000) } });
    await relayOnce(settings);
    expect((await queue.getJob(provisionJobId(id, 0)))?.data).toEqual({ orderId: id });
  });

  it("with withoutWaitingJobs, rings again only the orders whose job is no longer in Redis", async () => {
    const { id } = await queuedDomain();
    await db().order.update({ where: { id }, data: { queuedAt: new Date(Date.now() - 5_000) } });
    const rung: EnqueueTarget[][] = [];
    const watched = {
      ...settings,
      withoutWaitingJobs,
      enqueue: (o: EnqueueTarget[], delayMs?: number) => {
        rung.push(o);
        return enqueueOrders(o, { delayMs });
      },
    };
    // Its job still waits (placed moments ago): not rung again.
    expect(await queue.getJob(provisionJobId(id, 0))).toBeDefined();
    await relayOnce(watched);
    expect(rung.flat().map((o) => o.id)).not.toContain(id);
    // The job is gone (Redis lost it): the next pass rings it again.
    await queue.remove(provisionJobId(id, 0));
    await relayOnce(watched);
    expect(rung.flat().map((o) => o.id)).toContain(id);
    expect((await queue.getJob(provisionJobId(id, 0)))?.data).toEqual({ orderId: id });
  });

  it("holds no lock on an order whose job still waits while it asks Redis, so a worker's claim never waits for it", async () => {
    const { id } = await queuedDomain();
    await db().order.update({ where: { id }, data: { queuedAt: new Date(Date.now() - 5_000) } });
    // While the relay asks Redis (the moment its pass took longest), a claim-like lock on the row
    // from another connection must be granted at once.
    let lockedWhileAsking: boolean | undefined;
    const watched = {
      ...settings,
      withoutWaitingJobs: async (orders: EnqueueTarget[]) => {
        if (orders.some((o) => o.id === id))
          lockedWhileAsking = await sqlTransaction((sql) =>
            sql(Prisma.sql`SELECT id FROM "order" WHERE id = ${id}::uuid FOR UPDATE NOWAIT`),
          ).then(
            () => false,
            (err: { code?: string }) => (err.code === "55P03" ? true : Promise.reject(err)),
          );
        return withoutWaitingJobs(orders);
      },
    };
    expect(await queue.getJob(provisionJobId(id, 0))).toBeDefined();
    await relayOnce(watched);
    expect(lockedWhileAsking).toBe(false);
  });

  it("asks Redis about waiting jobs on a producer connection that is still connecting, instead of ringing them all", async () => {
    const { id } = await queuedDomain();
    const order = { id, provider: "qboxmail" as const, version: 0 };
    expect(await queue.getJob(provisionJobId(id, 0))).toBeDefined();
    // A worker's first relay pass opens the producer connection: the question comes at once.
    await closeProducer();
    expect(await withoutWaitingJobs([order])).toEqual([]);
  });

  it("re-drives a retrying order whose retry time has passed", async () => {
    const { id } = await queuedDomain();
    await db().order.update({
      where: { id },
      data: { status: "retrying", version: 7, nextAttemptAt: new Date(Date.now() - 5_000) },
    });
    await relayOnce(settings);
    expect((await queue.getJob(provisionJobId(id, 7)))?.data).toEqual({ orderId: id });
  });

  it("releases an order whose worker stopped beating: attempt abandoned, order unknown, enqueued", async () => {
    const { id } = await queuedDomain();
    const attemptId = randomUUID();
    const old = new Date(Date.now() - 10_000);
    await db().attempt.create({
      data: { id: attemptId, orderId: id, number: 1, kind: "create", workerId: "dead-worker", startedAt: old },
    });
    await db().workerHeartbeat.create({
      data: { workerId: "dead-worker", host: "h", pid: 1, queues: [], startedAt: old, lastSeen: old },
    });
    await db().order.update({
      where: { id },
      data: { status: "provisioning", version: 3, currentAttemptId: attemptId, createSent: true, attemptCount: 1 },
    });
    const r = await relayOnce(settings);
    expect(r.recovered).toBeGreaterThanOrEqual(1);
    expect(await db().order.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "unknown", version: 4 });
    expect(await db().attempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      outcome: "abandoned",
      finishedAt: expect.any(Date),
    });
    expect(await queue.getJob(provisionJobId(id, 4))).toBeDefined();
  });

  it("leaves alone an attempt whose worker is alive and lists it", async () => {
    const { id } = await provisioningOnLiveWorker({ startedAgoMs: 10_000, listed: true });
    await relayOnce(settings);
    expect(await db().order.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "provisioning", version: 3 });
  });

  it("releases within seconds an attempt its living worker no longer lists (its own write was lost)", async () => {
    const { id, attemptId } = await provisioningOnLiveWorker({ startedAgoMs: 3_000, listed: false });
    await relayOnce(settings);
    // A create that may have been sent: unknown, create_sent set, looked up before any new create.
    expect(await db().order.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "unknown",
      version: 4,
      createSent: true,
    });
    expect(await db().attempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ outcome: "abandoned" });
  });

  it("queues a pending grommunio domain once its server order succeeded", async () => {
    const t = await makeTenant();
    const server = await place(t, "grommunio_server", forms.grommunio_server());
    if (!server.ok) throw new Error("setup");
    const dom = await place(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { homeserverOrderId: server.orderId }),
    );
    if (!dom.ok) throw new Error("setup");
    await relayOnce(settings);
    expect(await db().order.findUniqueOrThrow({ where: { id: dom.orderId } })).toMatchObject({ status: "pending" });
    await db().order.update({
      where: { id: server.orderId },
      data: { status: "succeeded", upstreamRef: String(100_000 + Math.floor(Math.random() * 1e8)) },
    });
    await relayOnce(settings);
    expect(await db().order.findUniqueOrThrow({ where: { id: dom.orderId } })).toMatchObject({
      status: "queued",
      version: 1,
    });
    const g = new Queue(PROVISION_QUEUES.grommunio, { connection: redis });
    expect(await g.getJob(provisionJobId(dom.orderId, 1))).toBeDefined();
    await g.close();
  });
});
