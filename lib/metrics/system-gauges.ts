// Gauges read from Postgres and Redis when Prometheus scrapes (docs/observability.md): queue
// depth per provider, the oldest runnable order's age, held orders, live workers and the last
// audit chain verification. Every process that serves /metrics registers them, so with several
// replicas each reports the same value: alert rules aggregate with max().
// Two probes (postgres: four small indexed queries; redis: the queue counts); a failing probe sets
// portal_scrape_probe_ok{probe} to 0 instead of failing the whole scrape (docs/observability.md):
// the postgres probe's gauges then keep the values of the last scrape it answered, and the queue
// gauges may be left out in part, since they are cleared and then written queue by queue.
import client from "prom-client";
import { Prisma, sqlRows } from "@/lib/db";
import type { Provider } from "@/lib/generated/prisma/enums";
import { freshHeartbeat } from "@/lib/jobs/heartbeat-freshness";
import { PROVISION_QUEUES } from "@/lib/jobs/provision-job";
import { queueHealthForProbes } from "@/lib/jobs/queue-counts";
import { metrics } from "./registry";

/** The one check the audit gauges report (a label so that they can be absent). */
const AUDIT_CHAIN = { check: "audit_chain" } as const;

const providerOfQueue = new Map(Object.entries(PROVISION_QUEUES).map(([p, q]) => [q as string, p as Provider]));

async function probe(ok: client.Gauge<"probe">, name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    ok.set({ probe: name }, 1);
  } catch {
    ok.set({ probe: name }, 0);
  }
}

// Plain pg for every probe: the worker serves /metrics too, and an ORM query would load the query
// compiler (about 60 MB) into it for good at the first scrape (docs/benchmarks.md).
const countOf = async (statement: Prisma.Sql) => (await sqlRows<{ n: number }>(statement))[0]?.n ?? 0;

/**
 * Oldest order that could run now: queued since queued_at, or retrying/unknown since due. Its age
 * by the database's clock, the one queued_at is written with: a process whose clock runs ahead
 * would otherwise report an old backlog for any order just queued (and the alert takes the
 * largest figure of all processes), one that runs behind would hide a real one.
 */
async function oldestRunnableAgeSeconds(): Promise<number> {
  const [row] = await sqlRows<{ age: number | null }>(Prisma.sql`
    SELECT extract(epoch FROM now() - least(
      (SELECT min(queued_at) FROM "order" WHERE status = 'queued'),
      (SELECT min(next_attempt_at) FROM "order" WHERE status IN ('retrying', 'unknown') AND next_attempt_at <= now())
    ))::float8 AS age`);
  return row?.age != null ? Math.max(0, row.age) : 0;
}

function build(register: client.Registry) {
  const probeOk = new client.Gauge({
    name: "portal_scrape_probe_ok",
    help: "1 when this scrape's probe (postgres, redis) answered",
    labelNames: ["probe"] as const,
    registers: [register],
    collect: () => refresh(),
  });
  const queueJobs = new client.Gauge({
    name: "portal_queue_jobs",
    help: "BullMQ jobs per provider queue and state (waiting, active, delayed)",
    labelNames: ["provider", "state"] as const,
    registers: [register],
    collect: () => refresh(),
  });
  const oldest = new client.Gauge({
    name: "portal_oldest_runnable_order_age_seconds",
    help: "Age of the oldest order that could run now (queued, or retrying/unknown and due); 0 when none",
    registers: [register],
    collect: () => refresh(),
  });
  const held = new client.Gauge({
    name: "portal_orders_held",
    help: "Orders on hold for a person (credentials refused, or a check that could not decide)",
    registers: [register],
    collect: () => refresh(),
  });
  const workers = new client.Gauge({
    name: "portal_workers_alive",
    help: "Workers whose heartbeat is fresh",
    registers: [register],
    collect: () => refresh(),
  });
  // The audit gauges carry a label: a gauge without one always has a value, 0 after reset(), and
  // a 0 here pages "audit chain broken" (ops/prometheus/alerts.yml). With the label they are absent
  // until a verification has run and been read, as docs/observability.md says.
  const auditOk = new client.Gauge({
    name: "portal_audit_verification_ok",
    help: "1 when the last audit chain verification passed, 0 when it found a broken row; absent before the first run",
    labelNames: ["check"],
    registers: [register],
    collect: () => refresh(),
  });
  const auditAt = new client.Gauge({
    name: "portal_audit_verification_last_run_timestamp_seconds",
    help: "When the audit chain was last verified (Unix time); absent before the first run",
    labelNames: ["check"],
    registers: [register],
    collect: () => refresh(),
  });
  // One collect for all of them: prom-client calls every metric's collect in the same tick at the
  // start of a scrape, so the first one runs the probes and the others share that run. Forgotten
  // the moment it settles: a scrape that starts after it (even within the same millisecond) reads
  // the database again instead of being answered the last one's values.
  let running: Promise<void> | undefined;
  const refresh = () => {
    running ??= (async () => {
      await Promise.all([
        probe(probeOk, "postgres", async () => {
          const [age, heldCount, fresh, lastAudit] = await Promise.all([
            oldestRunnableAgeSeconds(),
            countOf(Prisma.sql`SELECT count(*)::int AS n FROM "order" WHERE status = 'held'`),
            countOf(Prisma.sql`SELECT count(*)::int AS n FROM worker_heartbeat WHERE ${freshHeartbeat()}`),
            sqlRows<{ ok: boolean; at: Date }>(
              Prisma.sql`SELECT ok, at FROM audit_verification ORDER BY id DESC LIMIT 1`,
            ).then((rows) => rows[0]),
          ]);
          oldest.set(age);
          held.set(heldCount);
          workers.set(fresh);
          auditOk.reset();
          auditAt.reset();
          if (lastAudit) {
            auditOk.set(AUDIT_CHAIN, lastAudit.ok ? 1 : 0);
            auditAt.set(AUDIT_CHAIN, lastAudit.at.getTime() / 1000);
          }
        }),
        probe(probeOk, "redis", async () => {
          const queues = await queueHealthForProbes();
          queueJobs.reset();
          for (const q of queues) {
            if (!q.ok) throw new Error(q.error);
            const provider = providerOfQueue.get(q.name) ?? "unknown";
            for (const state of ["waiting", "active", "delayed"] as const) queueJobs.set({ provider, state }, q[state]);
          }
        }),
      ]);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
}

declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var portalSystemGauges: boolean | undefined;
}
const g = globalThis;

/** Adds the system gauges to this process's registry (once). */
export function enableSystemGauges(): void {
  if (g.portalSystemGauges) return;
  g.portalSystemGauges = true;
  build(metrics().register);
}
