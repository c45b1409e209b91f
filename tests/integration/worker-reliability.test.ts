// Crashes, races, shutdowns and a Redis outage: the order still ends succeeded, exactly once.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer, enqueueOrder } from "@/lib/jobs/enqueue-order";
import { PROVISION_QUEUES, provisionJobId } from "@/lib/jobs/provision-job";
import { startRedis } from "../../scripts/lib/services.mjs";
import { killAllWorkers, spawnWorker } from "../../scripts/lib/worker-process";
import { makeTenant } from "../factories";
import {
  clearFaults,
  fault,
  faultsTaken,
  forms,
  ledgerFor,
  place,
  quiesceOrders,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";

const final = (o: { status: string }) => ["succeeded", "failed", "held", "cancelled"].includes(o.status);

beforeAll(quiesceOrders);
afterEach(async () => {
  await clearFaults();
  await killAllWorkers();
});
afterAll(async () => {
  await quiesceOrders(); // leave no jobs or runnable orders to the next test file
  await closeProducer();
  await disconnectDb();
});

/** Waits until none of these provisioning jobs is in the Qboxmail queue any more. */
async function jobsGone(jobIds: string[], timeoutMs = 30_000): Promise<void> {
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue(PROVISION_QUEUES.qboxmail, { connection });
  try {
    const deadline = Date.now() + timeoutMs;
    while ((await Promise.all(jobIds.map((j) => queue.getJob(j)))).some(Boolean)) {
      if (Date.now() > deadline) throw new Error(`jobs still queued after ${timeoutMs} ms: ${jobIds.join(", ")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function placedDomain(name: string) {
  const t = await makeTenant();
  const r = await place(t, "qboxmail_domain", forms.qboxmail_domain(name));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.orderId;
}

describe("worker crashes and shutdowns", () => {
  it("a worker SIGKILLed mid-call: another worker recovers the order, which succeeds exactly once", async () => {
    // The answer takes 5 s (within a's timeout), so the kill below comes before it even when a
    // loaded machine slows the test down.
    const a = spawnWorker({ UPSTREAM_TIMEOUT_MS: "8000" });
    await a.waitForOutput(/worker started/);
    const name = `k${uniq()}.example.com`;
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 5_000 });
    const id = await placedDomain(name);
    expect(await waitForOrder(id, (o) => o.status === "provisioning", 10_000)).toMatchObject({
      status: "provisioning",
    });
    await faultsTaken("qboxmail", "/api/domains"); // the create has reached the simulator
    await a.kill();
    const b = spawnWorker({ UPSTREAM_TIMEOUT_MS: "2500" });
    const o = await waitForOrder(id, final, 30_000);
    expect(o.status).toBe("succeeded");
    const l = await ledgerFor("qboxmail", name);
    expect(l.created).toHaveLength(1);
    expect(l.duplicates).toHaveLength(0);
    const attempts = (await db().attempt.findMany({ where: { orderId: id }, orderBy: { number: "asc" } })).map(
      (x) => `${x.kind}:${x.outcome}`,
    );
    // The create reached the simulator before the kill, and it commits 5 s later whatever became
    // of its caller; the order is looked up only after a's heartbeat went stale and then the
    // lookup delay (4 × b's 2.5 s timeout) passed, by when the create has landed and is adopted.
    expect(attempts).toEqual(["create:abandoned", "lookup:found"]);
    await b.stop();
  });

  it("SIGTERM lets the call in flight finish, removes the heartbeat and exits 0", async () => {
    const w = spawnWorker({ WORKER_SHUTDOWN_GRACE_MS: "5000" });
    await w.waitForOutput(/worker started/);
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 800 });
    const id = await placedDomain(`t${uniq()}.example.com`);
    await waitForOrder(id, (o) => o.status === "provisioning", 10_000);
    expect(await w.stop()).toBe(0);
    expect(await db().order.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded" });
    expect(w.output()).toMatch(/worker stopped/);
    const pid = String(w.child.pid);
    expect((await db().workerHeartbeat.findMany()).filter((h) => String(h.pid) === pid)).toHaveLength(0);
  });

  it("from SIGTERM until its port closes, a stopping worker answers ready 503, never 200", async () => {
    // A call held in flight keeps the worker stopping for a few seconds, so the probes below
    // land inside that window on any machine; an idle worker would exit within milliseconds.
    const w = spawnWorker({ WORKER_HEALTH_PORT: "0", WORKER_SHUTDOWN_GRACE_MS: "8000" });
    await w.waitForOutput(/worker started/);
    const port = /"worker health port listening".*?"port":(\d+)/.exec(w.output())?.[1];
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 4_000 });
    const id = await placedDomain(`r${uniq()}.example.com`);
    await waitForOrder(id, (o) => o.status === "provisioning", 10_000);
    const ready = () =>
      fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) })
        .then((r) => r.status)
        .catch(() => undefined);
    expect(await ready()).toBe(200);
    const exited = w.stop();
    await w.waitForOutput(/worker stopping/);
    const statuses: number[] = [];
    while (w.child.exitCode === null && statuses.length < 200) {
      const s = await ready();
      if (s !== undefined) statuses.push(s);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await exited, w.output().slice(-2000)).toBe(0);
    expect(statuses).toContain(503);
    expect(statuses).not.toContain(200);
    expect(await db().order.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "succeeded" });
  });

  it("SIGTERM past the grace period releases the attempt as abandoned and exits; the order ends succeeded once", async () => {
    // The answer takes 5 s, so the stop below comes with the call still in flight however slow
    // the test is. The lookup waits 4 timeouts after the release (24 s), by when it has landed.
    const w = spawnWorker({ WORKER_SHUTDOWN_GRACE_MS: "300", UPSTREAM_TIMEOUT_MS: "6000" });
    await w.waitForOutput(/worker started/);
    const name = `r${uniq()}.example.com`;
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 5_000 });
    const id = await placedDomain(name);
    await waitForOrder(id, (o) => o.status === "provisioning", 10_000);
    expect(await w.stop()).toBe(0);
    // It did not wait for the call in flight (which would have answered within its timeout):
    // the provider had not yet made the domain when the process ended.
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(0);
    const released = await db().order.findUniqueOrThrow({ where: { id } });
    expect(released.status).toBe("unknown");
    const next = spawnWorker({ UPSTREAM_TIMEOUT_MS: "2500" });
    expect(await waitForOrder(id, final, 60_000)).toMatchObject({ status: "succeeded" });
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(1);
    const attempts = await db().attempt.findMany({ where: { orderId: id }, orderBy: { number: "asc" } });
    expect(attempts.map((x) => `${x.kind}:${x.outcome}`)).toEqual(["create:abandoned", "lookup:found"]);
    expect(attempts[0]!.message).toMatch(/Released by a stopping worker/);
    await next.stop();
  }, 90_000);
});

describe("races", () => {
  it("two workers holding jobs for the same order create one upstream resource", async () => {
    const [a, b] = [spawnWorker(), spawnWorker()];
    await Promise.all([a.waitForOutput(/worker started/), b.waitForOutput(/worker started/)]);
    const name = `race${uniq()}.example.com`;
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 300 });
    const id = await placedDomain(name);
    // Extra doorbells under other job ids, as a relay and a stalled job could ring.
    const doorbells = [1001, 1002, 1003];
    await Promise.all(doorbells.map((version) => enqueueOrder({ id, provider: "qboxmail", version })));
    expect(await waitForOrder(id, final)).toMatchObject({ status: "succeeded" });
    // Every doorbell has been taken and finished (a finished job leaves the queue), so none is
    // left to create a second resource after the counts below.
    await jobsGone(doorbells.map((version) => provisionJobId(id, version)));
    const l = await ledgerFor("qboxmail", name);
    expect(l.created).toHaveLength(1);
    expect(l.duplicates).toHaveLength(0);
    expect(await db().attempt.count({ where: { orderId: id } })).toBe(1);
  });
});

describe("Redis outage", () => {
  it("orders placed while Redis is down are accepted and all succeed once Redis is back", async () => {
    const w = spawnWorker();
    await w.waitForOutput(/worker started/);
    const port = Number(new URL(process.env.REDIS_URL!).port);
    spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
    const names = [1, 2, 3].map(() => `o${uniq()}.example.com`);
    const ids: string[] = [];
    const t = await makeTenant();
    for (const name of names) {
      // Placing gives up on Redis (ENQUEUE_TIMEOUT_MS) instead of waiting for it: a placing that
      // waited would not return while Redis is down, and the test's own timeout would end it.
      const r = await place(t, "qboxmail_domain", forms.qboxmail_domain(name));
      if (!r.ok) throw new Error(JSON.stringify(r));
      ids.push(r.orderId);
    }
    // Accepted and written while Redis was away: the relay enqueues them once it is back.
    for (const id of ids)
      expect(await db().order.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "queued" });
    await startRedis({ dir: fs.mkdtempSync(path.join(os.tmpdir(), "redis-again-")), port });
    for (const id of ids) expect(await waitForOrder(id, final, 40_000)).toMatchObject({ status: "succeeded" });
    for (const name of names)
      expect(await ledgerFor("qboxmail", name)).toMatchObject({ created: [expect.anything()], duplicates: [] });
  });
});
