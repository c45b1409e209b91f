// The chaos run (docs/reliability.md "The proof"): orders of every kind placed while the
// simulators misbehave, workers are SIGKILLed, Redis is SIGKILLed and Postgres restarts without
// a checkpoint; then every order must end terminal with exactly the upstream resource it should
// have. Parameterised, so `npm run chaos` runs the full size and a test runs a short one.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { armFault, clearAllFaults, FAULT_KINDS, type FaultKind } from "./faults";
import { DEFAULT_MIX, type MixEntry, type Placed, pickEntry } from "./order-mix";
import { startChaosServices } from "./services";
import { type ChaosReport, verifyRun } from "./verify";
import { startWorkerPool } from "./worker-pool";

export type ChaosOptions = {
  orders: number;
  workers: number;
  /** How long faults, kills and restarts go on; orders are placed during the first 60 %. */
  faultSeconds: number;
  /** Give up waiting for every order to be terminal after this long past the last fault. */
  settleTimeoutMs?: number;
  mix?: MixEntry[];
  workerKills?: number;
  redisKills?: number;
  postgresRestarts?: number;
  /** A fault armed on the simulators every this many ms. */
  faultEveryMs?: number;
  upstreamTimeoutMs?: number;
  /** Workers serve /metrics at 127.0.0.1:base+i, to watch the run from Prometheus or curl. */
  metricsPortBase?: number;
  log?: (msg: string) => void;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => {});
  const timeoutMs = o.upstreamTimeoutMs ?? 1_000;
  const services = await startChaosServices();
  // The run places orders and verifies through lib/, like the web would: same settings. Put
  // back afterwards, so a test process carries on with its own.
  const savedEnv = { ...process.env };
  Object.assign(process.env, services.env, { LOG_LEVEL: "error" });
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { db, disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  const { closeProducer } = await import("@/lib/jobs/enqueue-order");
  await closeProducer();
  const logDir = path.join(services.root, "logs");
  let pool: Awaited<ReturnType<typeof startWorkerPool>> | undefined;
  try {
    const runTag = randomUUID().slice(0, 6);
    const reseller = await db().reseller.create({
      data: {
        name: `Chaos ${runTag}`,
        slug: `chaos-${runTag}`,
        maxDomains: 100_000,
        maxManagers: 100_000,
        maxServers: 100_000,
      },
    });
    const u = await db().user.create({
      data: {
        email: `chaos-${runTag}@example.test`,
        name: "Chaos",
        role: "reseller",
        resellerId: reseller.id,
        passwordHash: "x",
      },
    });
    const customer = await db().customer.create({ data: { resellerId: reseller.id, name: "Chaos customer" } });
    // A grommunio domain needs a server the reseller may use (docs/security.md "Upstream
    // identifiers"): an admin shares the pool server, before any fault is injected.
    const { registerGrommunioServer, shareGrommunioServer } = await import("../lib/shared-grommunio-server");
    const admin = { id: randomUUID(), role: "admin" as const, email: "chaos-admin@example.test" };
    await shareGrommunioServer(admin, reseller.id, await registerGrommunioServer());
    const ctx = {
      user: { id: u.id, role: "reseller" as const, resellerId: reseller.id, email: u.email },
      customerId: customer.id,
      runTag,
    };

    // Qboxmail queues deletions in this run: a delete succeeds only once a read-back no longer
    // finds the domain (docs/lifecycle.md), under the same faults as everything else.
    await fetch(`${services.simOrigins.qboxmail}/__sim/settings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ asyncDelete: true, asyncDeleteMs: 1_500 }),
    });
    log(`starting ${o.workers} workers`);
    if (o.metricsPortBase)
      log(`worker metrics at http://127.0.0.1:${o.metricsPortBase}/metrics … :${o.metricsPortBase + o.workers - 1}`);
    pool = await startWorkerPool({
      count: o.workers,
      logDir,
      metricsPortBase: o.metricsPortBase,
      env: {
        ...services.env,
        LOG_LEVEL: "info",
        UPSTREAM_TIMEOUT_MS: String(timeoutMs),
        WORKER_HEARTBEAT_MS: "500",
        RELAY_INTERVAL_MS: "300",
        RETRY_BASE_MS: "200",
        RETRY_MAX_MS: "2000",
        MAX_ATTEMPTS: "12",
        QBOXMAIL_CONCURRENCY: "20",
        GROMMUNIO_CONCURRENCY: "4",
        WORKER_SHUTDOWN_GRACE_MS: "3000",
      },
    });

    const mix = o.mix ?? DEFAULT_MIX;
    const placed: Placed[] = [];
    const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    const counts = { workerKills: 0, redisKills: 0, postgresRestarts: 0, placementRetries: 0 };
    const started = Date.now();
    const phaseMs = o.faultSeconds * 1_000;
    const elapsed = () => Date.now() - started;
    let phaseOver = false;

    // Orders: spread over the first 60 % of the phase; a placement that meets a restart is
    // repeated with the same idempotency key (the same order comes back).
    const placing = (async () => {
      const perOrderMs = (phaseMs * 0.6) / o.orders;
      const lanes = 8;
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          for (let n = next++; n < o.orders; n = next++) {
            const due = n * perOrderMs - elapsed();
            if (due > 0) await sleep(due);
            for (let tries = 1; ; tries++) {
              try {
                placed.push(await pickEntry(mix, n).place(ctx, n));
                break;
              } catch (err) {
                if (tries >= 60) throw err;
                counts.placementRetries++;
                await sleep(250);
              }
            }
          }
        }),
      );
      log(`placed ${placed.length} orders in ${(elapsed() / 1000).toFixed(1)} s`);
    })();

    const every = (times: number, fn: (i: number) => Promise<void>) =>
      (async () => {
        if (!times) return;
        const gap = phaseMs / (times + 1);
        for (let i = 0; i < times && !phaseOver; i++) {
          await sleep(Math.max(0, (i + 1) * gap - elapsed()));
          await fn(i);
        }
      })();

    let lastFaultAt = started;
    const mark = () => {
      lastFaultAt = Date.now();
    };
    const faultLoop = (async () => {
      for (let n = 0; elapsed() < phaseMs; n++) {
        faults[await armFault(n, services.simOrigins, timeoutMs)]++;
        mark();
        await sleep(o.faultEveryMs ?? 400);
      }
    })();
    const workerKills = every(o.workerKills ?? 8, async (i) => {
      log(`SIGKILL worker ${i % o.workers}`);
      await pool!.killAndReplace(i % o.workers, 300);
      counts.workerKills++;
      mark();
    });
    const redisKills = every(o.redisKills ?? 2, async () => {
      log("SIGKILL Redis");
      await services.killRedis();
      counts.redisKills++;
      mark();
    });
    const pgRestarts = every(o.postgresRestarts ?? 2, async () => {
      await sleep(700); // not at the same moment as a Redis kill
      log("Postgres immediate restart");
      await services.restartPostgres();
      counts.postgresRestarts++;
      mark();
    });
    await Promise.all([placing, faultLoop]);
    phaseOver = true;
    await Promise.all([workerKills, redisKills, pgRestarts]);
    await clearAllFaults(services.simOrigins);
    log(`faults over after ${(elapsed() / 1000).toFixed(1)} s; waiting for every order to be terminal`);

    const ids = placed.map((p) => p.orderId);
    const settleLimit = Date.now() + (o.settleTimeoutMs ?? 120_000);
    let allTerminalAt: number | undefined;
    while (Date.now() < settleLimit) {
      const open = await db()
        .order.count({ where: { id: { in: ids }, status: { notIn: ["succeeded", "failed", "held", "cancelled"] } } })
        .catch(() => -1);
      if (open === 0) {
        allTerminalAt = Date.now();
        break;
      }
      await sleep(500);
    }
    return await verifyRun({
      options: { orders: o.orders, workers: o.workers, faultSeconds: o.faultSeconds },
      placed,
      faults,
      counts,
      settleMs: allTerminalAt === undefined ? undefined : allTerminalAt - lastFaultAt,
      simOrigins: services.simOrigins,
      workerLogs: pool.logs(),
    });
  } finally {
    await pool?.stop().catch(() => undefined);
    await closeProducer();
    await disconnectDb();
    const keep = process.env.CHAOS_KEEP;
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
    resetEnvCache();
    if (!keep) await services.stop();
    else log(`kept ${services.root}`);
  }
}
