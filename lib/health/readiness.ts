// Liveness and readiness for load balancers, orchestrators and docker-compose health checks
// (docs/observability.md). Ready means: Postgres answers, Redis answers (the worker; the web is
// only degraded without it), and every migration in prisma/migrations is applied (a process
// started against an older schema would fail on its first query). The answer names what is wrong and what to do; it carries no secrets, hosts or
// migration names, because the web's copy is reachable without signing in.
import fs from "node:fs";
import path from "node:path";
import { connectionErrorText } from "@/lib/connection-errors";
import { Prisma, sqlRows } from "@/lib/db";
import { queueHealthForProbes } from "@/lib/jobs/queue-counts";
import { log } from "@/lib/log";

export type Check = { ok: boolean; ms: number; message?: string };
export type Readiness = {
  ready: boolean;
  /** Ready, but Redis does not answer (the web only): orders wait for the relay. */
  degraded: boolean;
  checks: { postgres: Check; redis: Check; migrations: Check };
};

const TIMEOUT_MS = 2_000;

async function timed(check: string, fn: () => Promise<string | undefined>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const problem = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: !problem, ms: Math.round(performance.now() - started), ...(problem ? { message: problem } : {}) };
  } catch (err) {
    // The driver's message (hosts, users) for the operator's log; the answer gets fixed words.
    log.warn("readiness check failed", { check, error: String((err as Error)?.message ?? err).slice(0, 300) });
    return { ok: false, ms: Math.round(performance.now() - started), message: `${check}: ${connectionErrorText(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Migration folders shipped with this build (the image and the checkout carry prisma/). */
export function expectedMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): string[] {
  // Read at run time from the checkout or the image, never bundled: without the ignore comments
  // the build's file tracing takes a folder known only at run time as "the whole project".
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name);
}

async function migrationsProblem(dir?: string): Promise<string | undefined> {
  // Prisma's engine writes a migration's row as it starts, its finish time when it succeeds and its
  // error (`logs`) when it fails, and holds its advisory lock (72707369) while it migrates. A row
  // with neither time nor error is one being applied only while that lock is held; without it, the
  // process applying it was stopped (killed, its connection lost), which `db:migrate` treats as a
  // failed migration too.
  const rows = await sqlRows<{ name: string; state: "applied" | "failed" | "running" }>(Prisma.sql`
    SELECT migration_name AS name,
      CASE WHEN finished_at IS NOT NULL THEN 'applied'
           WHEN logs IS NULL AND EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                                         AND classid = 0 AND objid = 72707369 AND objsubid = 1) THEN 'running'
           ELSE 'failed' END AS state
    FROM _prisma_migrations WHERE rolled_back_at IS NULL`);
  const named = (state: string) => new Set(rows.filter((r) => r.state === state).map((r) => r.name));
  const applied = named("applied");
  const pending = expectedMigrations(dir).filter((m) => !applied.has(m));
  if (pending.length === 0) return undefined;
  // A migration that started and failed (an index build cut short) makes `db:migrate` refuse until
  // it is resolved by hand: sending people to run it would only show them that refusal.
  const failed = named("failed");
  if (pending.some((m) => failed.has(m)))
    return 'a migration failed and must be resolved before `npm run db:migrate` runs again: see docs/operations.md "Migrations that build an index concurrently"';
  const running = named("running");
  if (pending.some((m) => running.has(m))) return "a migration is being applied now";
  return `${pending.length} migration${pending.length === 1 ? " is" : "s are"} not applied: run \`npm run db:migrate\``;
}

/**
 * `redisNeeded`: the worker cannot work without its queue, so Redis down makes it not ready. The
 * web keeps taking orders without Redis (they wait in Postgres for the relay, docs/design.md),
 * so there Redis down is reported (`degraded`) but the web stays ready: a load balancer that
 * pulled every web replica for a Redis outage would take the whole portal down with it.
 * `migrationsDir` is for tests; processes read the prisma/migrations they were built with.
 */
export async function checkReadiness(opts: { migrationsDir?: string; redisNeeded?: boolean } = {}): Promise<Readiness> {
  const [postgres, redis] = await Promise.all([
    timed("Postgres", async () => {
      // Plain pg: the worker's health check runs every few seconds, and an ORM query would load
      // the query compiler (about 60 MB) into the worker for good (docs/benchmarks.md).
      await sqlRows(Prisma.sql`SELECT 1`);
      return undefined;
    }),
    timed("Redis", async () => {
      const bad = (await queueHealthForProbes()).find((q) => !q.ok);
      return bad && !bad.ok ? bad.error : undefined;
    }),
  ]);
  const migrations = postgres.ok
    ? await timed("migrations", () => migrationsProblem(opts.migrationsDir))
    : { ok: false, ms: 0, message: "not checked: Postgres does not answer" };
  const redisNeeded = opts.redisNeeded ?? true;
  return {
    ready: postgres.ok && migrations.ok && (redis.ok || !redisNeeded),
    degraded: !redis.ok && !redisNeeded,
    checks: { postgres, redis, migrations },
  };
}
