// The set-up the pipeline benchmarks share: a private stack (Postgres, Redis, simulators on free
// ports, via stack.ts), process.env set from it BEFORE any lib/ module is loaded (lib/env.ts
// caches on first use, so lib code is only ever imported dynamically after benchStack()), a
// tenant seeded straight into the database, simulator latency, and a real worker process.
import { randomUUID } from "node:crypto";
import { type Stack, startStack } from "../../lib/stack";
import { spawnWorker, type WorkerProcess } from "../../lib/worker-process";

/** Starts the stack and exports its settings (plus `extra`) to this process. */
export async function benchStack(extra: Record<string, string> = {}): Promise<Stack> {
  // BENCH_DIAG=1 profiles Postgres by statement and by function (bench-diag.ts): the module must
  // be loaded at the server's start, and triggers' nested statements are counted too.
  const stack = await startStack(process.env.BENCH_DIAG ? { pgSettings: STATEMENT_PROFILE_SETTINGS } : {});
  Object.assign(process.env, stack.env, extra);
  if (process.env.BENCH_DIAG) {
    const { db } = await import("@/lib/db");
    await db().$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  }
  // Diagnostic knob, e.g. BENCH_PG_SETTINGS="synchronous_commit=off": what-if runs without
  // touching the stack code. Off by default; a run using it says so in its output.
  for (const setting of (process.env.BENCH_PG_SETTINGS ?? "").split(",").filter(Boolean)) {
    const [name, value] = setting.split("=");
    if (!name || !value || !/^\w+$/.test(name) || !/^[\w.]+$/.test(value))
      throw new Error(`bad BENCH_PG_SETTINGS entry: ${setting}`);
    const { db } = await import("@/lib/db");
    await db().$executeRawUnsafe(`ALTER SYSTEM SET ${name} = '${value}'`);
    await db().$queryRawUnsafe(`SELECT pg_reload_conf()`);
    console.log(`Postgres setting for this run: ${name} = ${value}`);
  }
  return stack;
}

const STATEMENT_PROFILE_SETTINGS = [
  "shared_preload_libraries=pg_stat_statements",
  "pg_stat_statements.track=all",
  "pg_stat_statements.track_planning=on",
  "track_functions=all",
];

export type BenchTenant = Awaited<ReturnType<typeof seedTenant>>;

/** A reseller with limits high enough for any run, one reseller user, one customer. */
export async function seedTenant() {
  const { db } = await import("@/lib/db");
  const tag = randomUUID().slice(0, 8);
  const reseller = await db().reseller.create({
    data: {
      name: `Bench ${tag}`,
      slug: `bench-${tag}`,
      maxDomains: 10_000_000,
      maxManagers: 10_000_000,
      maxServers: 10_000,
    },
  });
  const u = await db().user.create({
    data: {
      email: `bench-${tag}@example.test`,
      name: "Bench",
      role: "reseller",
      resellerId: reseller.id,
      passwordHash: "x",
    },
  });
  const customer = await db().customer.create({ data: { resellerId: reseller.id, name: `Customer ${tag}` } });
  const user = { id: u.id, role: "reseller" as const, resellerId: reseller.id, email: u.email };
  return { tag, reseller, user, customer };
}

/** A valid Qboxmail domain order form (with a postmaster password, so sealing is exercised). */
export function qboxDomainForm(name: string) {
  return {
    name,
    postmaster_password: "Bench-Pw-4821",
    postmaster_password_confirmation: "Bench-Pw-4821",
    plan: "professional",
    company: "ACME",
  };
}

/** Places one Qboxmail domain order through lib/orders/place-order (the web app's own path). */
export async function placeQboxDomain(t: BenchTenant, name: string) {
  const { placeOrder } = await import("@/lib/orders/place-order");
  const r = await placeOrder(t.user, {
    customerId: t.customer.id,
    kind: "qboxmail_domain",
    idempotencyKey: `bench-${randomUUID()}`,
    form: qboxDomainForm(name),
  });
  if (!r.ok) throw new Error(`order not placed: ${JSON.stringify(r)}`);
  return r.orderId;
}

/** Every create and lookup on the Qboxmail simulator waits `ms` before it is handled. */
export async function qboxLatency(ms: number, count = 1_000_000): Promise<void> {
  if (ms <= 0) return;
  const res = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count, action: "delay", ms }),
  });
  if (!res.ok) throw new Error(`simulator refused the latency rule: ${res.status} ${await res.text()}`);
}

/**
 * The real worker entry in its own process, with production timings (relay every 2 s,
 * heartbeat every 2 s), not the test-speed ones worker-process.ts defaults to.
 */
export async function startBenchWorker(
  extra: Record<string, string> = {},
  extraNodeArgs: string[] = [],
): Promise<WorkerProcess> {
  // BENCH_WORKER_NODE_OPTIONS reaches the worker only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeOptions: Record<string, string> = process.env.BENCH_WORKER_NODE_OPTIONS
    ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS }
    : {};
  // BENCH_WORKER_NODE_ARGS: node flags NODE_OPTIONS refuses, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // (the profile is written when the worker exits after the run).
  const nodeArgs = [...(process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean), ...extraNodeArgs];
  const w = spawnWorker(
    {
      ...nodeOptions,
      LOG_LEVEL: "info",
      RELAY_INTERVAL_MS: "2000",
      WORKER_HEARTBEAT_MS: "2000",
      RETRY_BASE_MS: "2000",
      RETRY_MAX_MS: "300000",
      ...extra,
    },
    nodeArgs,
  );
  await w.waitForOutput(/worker started/, 60_000);
  return w;
}

/**
 * Polls every 250 ms until no order is left in a non-final state, or the time runs out; `onTick`
 * gets the number still open. Only the open orders are counted, through the (status, created_at)
 * index: a count of every status read the whole history (200,000 orders) four times a second,
 * 100–130 ms of Postgres CPU each, inside the drain it timed (docs/benchmarks/worker.md "The drain's own
 * progress poll"). The statuses of all orders are `orderStatuses()`, read after the figures.
 */
export async function waitUntilSettled(timeoutMs: number, onTick?: (open: number) => void): Promise<number> {
  const { sqlRows, Prisma } = await import("@/lib/db");
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sqlRows<{ open: number }>(
      Prisma.sql`SELECT count(*)::int AS open FROM "order" WHERE status IN ('pending', 'queued', 'provisioning', 'retrying', 'unknown')`,
    );
    const open = row?.open ?? 0;
    onTick?.(open);
    if (open === 0 || Date.now() > until) return open;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How many orders are in each status (the whole table: not for inside a timed window). */
export async function orderStatuses(): Promise<Record<string, number>> {
  const { db } = await import("@/lib/db");
  const groups = await db().order.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/** Runs `fn` for the indexes 0..n-1 with at most `concurrency` in flight. */
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
}

/** Committed Postgres transactions (every autocommit statement counts) and Redis commands so far. */
export async function serverCounters(): Promise<{ pgXacts: number; redisCommands: number }> {
  const { db } = await import("@/lib/db");
  const { Redis } = await import("ioredis");
  const [row] = await db().$queryRaw<
    { n: bigint }[]
  >`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`;
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info("stats");
    const m = /total_commands_processed:(\d+)/.exec(info);
    return { pgXacts: Number(row?.n ?? 0), redisCommands: Number(m?.[1] ?? 0) };
  } finally {
    redis.disconnect();
  }
}
