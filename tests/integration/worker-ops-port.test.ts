// The worker's health port (WORKER_HEALTH_PORT) as an orchestrator and Prometheus use it: live
// and ready answer, /metrics asks for METRICS_TOKEN when set, and after one order its counters,
// the upstream latency histogram, queue gauges and process metrics are there with bounded labels.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeHealthQueues } from "@/lib/health/queue-health";
import { checkReadiness, expectedMigrations } from "@/lib/health/readiness";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { metricsAnswer } from "@/lib/metrics/expose";
import { killAllWorkers, spawnWorker, type WorkerProcess } from "../../scripts/lib/worker-process";
import { makeTenant } from "../factories";
import { ormCallsDuring } from "../support/orm-calls";
import { forms, place, quiesceOrders, waitForOrder } from "./pipeline-fixtures";

const TOKEN = "test-metrics-token-0123456789";
let w: WorkerProcess;
let base: string;

beforeAll(async () => {
  await quiesceOrders();
  w = spawnWorker({ WORKER_HEALTH_PORT: "0", METRICS_TOKEN: TOKEN });
  await w.waitForOutput(/worker started/);
  const port = /"worker health port listening".*?"port":(\d+)/.exec(w.output())?.[1];
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await killAllWorkers();
  await quiesceOrders();
  await closeHealthQueues();
  await closeProducer();
  await disconnectDb();
});

/** Runs `fn` with audit_verification emptied, then puts back the rows other files verify against. */
async function withoutAuditVerifications(fn: () => Promise<void>): Promise<void> {
  const kept = await db().$queryRaw<Record<string, unknown>[]>`SELECT * FROM audit_verification ORDER BY id`;
  try {
    await db().$executeRaw`DELETE FROM audit_verification`;
    await fn();
  } finally {
    await db().$executeRaw`DELETE FROM audit_verification`;
    for (const row of kept)
      await db().$executeRaw`INSERT INTO audit_verification
        SELECT * FROM json_populate_record(NULL::audit_verification, ${JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}::json)`;
  }
}

const scrapeBody = async () => (await metricsAnswer(undefined, { requireToken: false })).body;

const get = (p: string, token?: string) =>
  fetch(`${base}${p}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe("health", () => {
  it("live and ready answer 200 with every check passing", async () => {
    expect((await get("/health/live")).status).toBe(200);
    // Polled like an orchestrator does: the first probe may find the Redis connection still opening.
    let ready = await get("/health/ready");
    for (let i = 0; i < 20 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      ready = await get("/health/ready");
    }
    const body = await ready.json();
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      status: "ready",
      checks: { postgres: { ok: true }, redis: { ok: true }, migrations: { ok: true } },
    });
  });

  it("is not ready while a shipped migration is not applied, and says what to run", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    for (const m of [...expectedMigrations(), "29991231000000_not_applied_yet"]) {
      fs.mkdirSync(path.join(dir, m));
      fs.writeFileSync(path.join(dir, m, "migration.sql"), "SELECT 1;");
    }
    const r = await checkReadiness({ migrationsDir: dir });
    expect(r.ready).toBe(false);
    expect(r.checks.migrations).toMatchObject({ ok: false, message: expect.stringContaining("npm run db:migrate") });
    expect(r.checks.postgres.ok && r.checks.redis.ok).toBe(true);
  });
});

describe("readiness while a migration runs, and after it failed", () => {
  it("says one is being applied, then that it must be resolved first, not to run the migration again", async () => {
    const name = "29991231000001_failed_here";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    for (const m of [...expectedMigrations(), name]) {
      fs.mkdirSync(path.join(dir, m));
      fs.writeFileSync(path.join(dir, m, "migration.sql"), "SELECT 1;");
    }
    // A migration being applied: started, not finished, no error yet, the engine's lock held.
    await db()
      .$executeRaw`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
      VALUES (gen_random_uuid()::text, 'test', ${name}, now(), 0)`;
    const engine = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await engine.connect();
    try {
      await engine.query("SELECT pg_advisory_lock(72707369)");
      const running = await checkReadiness({ migrationsDir: dir });
      expect(running.ready).toBe(false);
      expect(running.checks.migrations).toMatchObject({ ok: false, message: "a migration is being applied now" });
      // The process applying it stopped (its lock gone with it): failed, as `db:migrate` sees it.
      await engine.query("SELECT pg_advisory_unlock(72707369)");
      const stopped = await checkReadiness({ migrationsDir: dir });
      expect(stopped.checks.migrations).toMatchObject({
        ok: false,
        message: expect.stringContaining("a migration failed and must be resolved"),
      });
      // Failed: its error recorded, as Prisma's engine records it.
      await db().$executeRaw`UPDATE _prisma_migrations SET logs = 'ERROR: canceling statement due to user request'
        WHERE migration_name = ${name}`;
      const r = await checkReadiness({ migrationsDir: dir });
      expect(r.ready).toBe(false);
      expect(r.checks.migrations).toMatchObject({
        ok: false,
        message: expect.stringContaining("a migration failed and must be resolved before `npm run db:migrate`"),
      });
    } finally {
      await engine.end();
      await db().$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = ${name}`;
    }
  });
});

describe("a health port already in use", () => {
  it("stops a worker at start, before it takes a job", async () => {
    // The port of the worker this file runs: as when a new worker starts beside the old one.
    const port = new URL(base).port;
    const clash = spawnWorker({ WORKER_HEALTH_PORT: port });
    expect(await clash.exited).not.toBe(0);
    expect(clash.output()).toMatch(/EADDRINUSE/);
    expect(clash.output()).not.toMatch(/taking jobs|worker started/);
    // Its heartbeat never began either: nothing of it is left for the relay to release.
    const beats = await db().workerHeartbeat.count({ where: { pid: clash.child.pid! } });
    expect(beats).toBe(0);
  });
});

describe("metrics", () => {
  it("asks for the token", async () => {
    expect((await get("/metrics")).status).toBe(401);
    expect((await get("/metrics", "wrong-token-wrong-token")).status).toBe(401);
  });

  it("shows the order's counters, the latency histogram, queue gauges and process figures", async () => {
    const t = await makeTenant();
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect((await waitForOrder(r.orderId, (o) => o.status === "succeeded")).status).toBe("succeeded");
    // The order turns succeeded in Postgres before the job handler counts its result: scrape
    // until the job is counted (or give up after 10 s and let the assertions say what is missing).
    const jobCounted = /^portal_worker_jobs_total\{provider="qboxmail",result="written"\} [1-9]/m;
    let text = "";
    for (const until = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const res = await get("/metrics", TOKEN);
      expect(res.status).toBe(200);
      text = await res.text();
      if (jobCounted.test(text) || Date.now() > until) break;
    }
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
    expect(
      value(/^portal_upstream_calls_total\{provider="qboxmail",operation="create",outcome="success"\} (\d+)/m),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(
        /^portal_upstream_call_duration_seconds_count\{provider="qboxmail",operation="create",outcome="success"\} (\d+)/m,
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(/^portal_order_transitions_total\{from="provisioning",to="succeeded"\} (\d+)/m),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(/^portal_order_attempts_count\{provider="qboxmail",status="succeeded"\} (\d+)/m),
    ).toBeGreaterThanOrEqual(1);
    expect(value(/^portal_worker_jobs_total\{provider="qboxmail",result="written"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^portal_queue_jobs\{provider="grommunio",state="waiting"\} (\d+)/m)).toBe(0);
    // No "failed" state: failed jobs are removed at once, so it could only ever read 0.
    expect(text).not.toMatch(/^portal_queue_jobs\{[^}]*state="failed"/m);
    // Exposed; its value is checked in "reports the age of the oldest runnable order".
    expect(value(/^portal_oldest_runnable_order_age_seconds (\S+)/m)).not.toBeNaN();
    expect(value(/^portal_workers_alive (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^portal_scrape_probe_ok\{probe="postgres"\} (\d+)/m)).toBe(1);
    expect(value(/^portal_scrape_probe_ok\{probe="redis"\} (\d+)/m)).toBe(1);
    expect(value(/^process_cpu_seconds_total (\S+)/m)).toBeGreaterThan(0);
    expect(value(/^process_resident_memory_bytes (\S+)/m)).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+/m);
    // Bounded labels: no order id, name or address anywhere in the exposition.
    expect(text).not.toContain(r.orderId);
    expect(text).not.toMatch(/example\.com/);
  });

  it("answers readiness and a scrape with plain statements: the probes never load the ORM into the worker", async () => {
    // In this process (the worker runs the same code): an orchestrator probes every few seconds,
    // and one ORM query would keep the query compiler in the worker for good (docs/benchmarks.md).
    const { result, calls } = await ormCallsDuring(async () => ({
      ready: await checkReadiness(),
      scrape: await metricsAnswer(undefined, { requireToken: false }),
    }));
    expect(calls).toEqual([]);
    expect(result.ready.ready).toBe(true);
    const value = (re: RegExp) => Number(re.exec(result.scrape.body)?.[1] ?? Number.NaN);
    expect(value(/^portal_scrape_probe_ok\{probe="postgres"\} (\d+)/m)).toBe(1);
    expect(value(/^portal_orders_held (\d+)/m)).toBe(await db().order.count({ where: { status: "held" } }));
    expect(value(/^portal_workers_alive (\d+)/m)).toBeGreaterThanOrEqual(1);
    const last = await db().auditVerification.findFirst({ orderBy: { id: "desc" } });
    if (last) expect(value(/^portal_audit_verification_ok\{check="audit_chain"\} (\d+)/m)).toBe(last.ok ? 1 : 0);
    // Before any verification the gauges are absent, never a 0 that would page "chain broken".
    else expect(result.scrape.body).not.toMatch(/^portal_audit_verification_(ok|last_run_timestamp_seconds)\{/m);
  });

  // PortalAuditChainBroken (ops/prometheus/alerts.yml) pages on a 0: before any verification the
  // gauges must be absent, not 0, and a scrape of a broken chain's row must say 0.
  it("leaves the audit gauges out until a verification has run, then reports its result", async () => {
    await withoutAuditVerifications(async () => {
      expect(await scrapeBody()).not.toMatch(/^portal_audit_verification_(ok|last_run_timestamp_seconds)\{/m);
      await db().auditVerification.create({ data: { ok: false, checkedRows: 3, message: "row 2 changed" } });
      expect(await scrapeBody()).toMatch(/^portal_audit_verification_ok\{check="audit_chain"\} 0$/m);
      await db().auditVerification.create({ data: { ok: true, checkedRows: 3, message: "ok" } });
      expect(await scrapeBody()).toMatch(/^portal_audit_verification_ok\{check="audit_chain"\} 1$/m);
    });
  });

  // Two Prometheus servers, or a scrape retried at once, may ask within the same millisecond; the
  // second must read the database, not be answered the first one's values. Timers are held still
  // here so that nothing but the end of the first scrape can let the second read afresh.
  it("reads the database afresh for a scrape that starts the moment the last one ended", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      await withoutAuditVerifications(async () => {
        await db().auditVerification.create({ data: { ok: false, checkedRows: 3, message: "row 2 changed" } });
        expect(await scrapeBody()).toMatch(/^portal_audit_verification_ok\{check="audit_chain"\} 0$/m);
        await db().auditVerification.create({ data: { ok: true, checkedRows: 3, message: "ok" } });
        expect(await scrapeBody()).toMatch(/^portal_audit_verification_ok\{check="audit_chain"\} 1$/m);
      });
    } finally {
      vi.useRealTimers();
    }
  });

  // The stuck-orders alert (ops/prometheus/alerts.yml) fires on this gauge: it must read the age
  // of the oldest order that could run, not stay at 0.
  it("reports the age of the oldest runnable order, queued or due for a retry", async () => {
    await killAllWorkers(); // no worker may take the orders made here
    await quiesceOrders();
    const t = await makeTenant();
    const gauge = async () => {
      const { body } = await metricsAnswer(undefined, { requireToken: false });
      return Number(/^portal_oldest_runnable_order_age_seconds (\S+)/m.exec(body)?.[1]);
    };
    expect(await gauge()).toBe(0);
    const queued = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!queued.ok) throw new Error("not placed");
    await db().order.update({ where: { id: queued.orderId }, data: { queuedAt: new Date(Date.now() - 600_000) } });
    expect(await gauge()).toBeGreaterThanOrEqual(600);
    expect(await gauge()).toBeLessThan(660);
    // By the database's clock, the one queued_at is written with: a process whose clock runs an
    // hour ahead reports the same age, not an hour more.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3_600_000 });
    try {
      // A scrape's probes are shared by the metrics read in the same turn: let the last one end.
      await new Promise((r) => setTimeout(r, 20));
      expect(await gauge()).toBeLessThan(660);
    } finally {
      vi.useRealTimers();
    }
    // A retry due 20 minutes ago is older still; one due later does not count.
    await db().order.update({
      where: { id: queued.orderId },
      data: { status: "retrying", nextAttemptAt: new Date(Date.now() - 1_200_000) },
    });
    expect(await gauge()).toBeGreaterThanOrEqual(1_200);
    await db().order.update({ where: { id: queued.orderId }, data: { nextAttemptAt: new Date(Date.now() + 600_000) } });
    expect(await gauge()).toBe(0);
  });
});
