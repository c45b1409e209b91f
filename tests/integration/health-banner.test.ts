import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { getHealthAlerts } from "@/lib/health/health-banner";
import { closeHealthQueues, getQueueHealth } from "@/lib/health/queue-health";
import { getProviderStats, getWorkerHeartbeats } from "@/lib/health/workers";
import { PROVISION_JOB, PROVISION_QUEUES } from "@/lib/jobs/provision-job";
import { killAllWorkers, spawnWorker } from "../../scripts/lib/worker-process";
import { makeOrder, makeTenant, makeUser } from "../factories";
import { quiesceOrders } from "./pipeline-fixtures";

describe("health banner and figures", () => {
  let support: Awaited<ReturnType<typeof makeUser>>;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    support = await makeUser("support");
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue(PROVISION_QUEUES.grommunio, { connection: redis });
    // The banner counts the jobs of every provision queue: none left by earlier test files, and no
    // runnable order a worker's relay would put back in one.
    await quiesceOrders();
    // No worker: any heartbeat left by earlier test files is made stale.
    await db().workerHeartbeat.updateMany({ data: { lastSeen: new Date(Date.now() - 3_600_000) } });
  });
  afterAll(async () => {
    await killAllWorkers();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await closeHealthQueues();
    await disconnectDb();
  });

  it("warns when jobs wait and no worker heartbeat is fresh, and stops once one is", async () => {
    await queue.add(PROVISION_JOB, { orderId: crypto.randomUUID() }, { jobId: `health-${Date.now()}` });
    const health = await getQueueHealth(support);
    const g = health.find((q) => q.name === PROVISION_QUEUES.grommunio);
    expect(g).toMatchObject({ ok: true, waiting: 1 });
    expect(g?.ok && g.oldestWaitingAgeMs).toBeGreaterThanOrEqual(0);

    expect((await getHealthAlerts(support)).map((a) => a.kind)).toContain("no-worker");

    await db().workerHeartbeat.create({
      data: {
        workerId: `w-${Date.now()}`,
        host: "test",
        pid: 1,
        queues: [PROVISION_QUEUES.grommunio],
        startedAt: new Date(),
        lastSeen: new Date(),
      },
    });
    expect((await getHealthAlerts(support)).map((a) => a.kind)).not.toContain("no-worker");

    // Freshness is the database's clock, the one heartbeats are written with: a web host whose
    // clock runs an hour ahead (or behind) still sees the worker that beat just now.
    await db().$executeRaw`UPDATE worker_heartbeat SET last_seen = now() WHERE host = 'test'`;
    for (const skew of [3_600_000, -3_600_000]) {
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + skew });
      try {
        expect((await getHealthAlerts(support)).map((a) => a.kind)).not.toContain("no-worker");
        expect((await getWorkerHeartbeats(support)).some((w) => w.host === "test" && w.fresh)).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    }
  });

  it("with the real worker: no banner while it runs, the banner once it is stopped and jobs wait", async () => {
    // Every provision queue empty (not only the one the job goes to), so the count below is that job alone.
    await quiesceOrders();
    await db().workerHeartbeat.updateMany({ data: { lastSeen: new Date(Date.now() - 3_600_000) } });
    const worker = spawnWorker();
    const until = Date.now() + 30_000;
    while (
      !(await db().workerHeartbeat.findFirst({
        where: { pid: worker.child.pid!, lastSeen: { gte: new Date(Date.now() - 5_000) } },
      }))
    ) {
      if (Date.now() > until) throw new Error(`worker did not beat:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await getHealthAlerts(support)).map((a) => a.kind)).not.toContain("no-worker");

    expect(await worker.stop()).toBe(0);
    // A stopped worker removes its heartbeat row.
    expect(await db().workerHeartbeat.count({ where: { pid: worker.child.pid! } })).toBe(0);
    await queue.add(PROVISION_JOB, { orderId: crypto.randomUUID() }, { jobId: `stopped-${Date.now()}` });
    const alert = (await getHealthAlerts(support)).find((a) => a.kind === "no-worker");
    expect(alert?.message).toMatch(/Work is waiting \(1 job in the queues\) and no worker is running/);
  });

  it("warns when an order is held for a person", async () => {
    const tenant = await makeTenant();
    await makeOrder({ tenant, status: "held" });
    const alerts = await getHealthAlerts(support);
    expect(alerts.find((a) => a.kind === "held")?.message).toMatch(
      /on hold for a person: refused credentials to fix, or a check at the provider that could not decide/,
    );
  });

  it("computes success rate and latency per provider from the last hour's attempts", async () => {
    const tenant = await makeTenant();
    const order = await makeOrder({ tenant, status: "failed", kind: "qboxmail_manager" });
    // A past hour of its own, so attempts written by other test files do not count.
    const hourEnd = new Date(Date.UTC(2020, 0, 1, 1));
    const outcomes = ["succeeded", "transient", "succeeded", "abandoned"] as const;
    for (const [i, outcome] of outcomes.entries()) {
      await db().attempt.create({
        data: {
          orderId: order.id,
          number: i + 1,
          kind: "create",
          workerId: "w",
          outcome,
          durationMs: 100 * (i + 1),
          startedAt: new Date(hourEnd.getTime() - 60_000 * (i + 1)),
          finishedAt: hourEnd,
        },
      });
    }
    await db().attempt.create({
      data: {
        orderId: order.id,
        number: 9,
        kind: "create",
        workerId: "w",
        outcome: "succeeded",
        durationMs: 5,
        startedAt: new Date(hourEnd.getTime() - 2 * 3_600_000),
      },
    });
    const stats = await getProviderStats(support, hourEnd);
    expect(stats.find((s) => s.provider === "qboxmail")).toEqual({
      provider: "qboxmail",
      calls: 3,
      successRate: 2 / 3,
      p50Ms: 200,
      p95Ms: 290,
    });
    expect(stats.find((s) => s.provider === "grommunio")).toEqual({
      provider: "grommunio",
      calls: 0,
      successRate: null,
      p50Ms: null,
      p95Ms: null,
    });
  });

  it("gives a reseller user not-found", async () => {
    await expect(getHealthAlerts({ id: crypto.randomUUID(), role: "reseller" })).rejects.toThrow(/404/);
  });
});
