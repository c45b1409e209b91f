// Where the servers' work per order goes, for BENCH_DIAG=1 runs of the pipeline benchmark
// (docs/benchmarks/postgres.md "Finding what Postgres and Redis do per order"): row writes per table and
// how many updates were HOT (an update that changes no indexed column and fits its page writes no
// index entry), index scans per index, and Redis calls per command (INFO commandstats; commands a
// Lua script runs count under their own name, the script under evalsha). Figures only.
import type { Redis } from "ioredis";
import { printStatements, type StatementSnapshot, statementSnapshot } from "./bench-statements";

type Snapshot = {
  tables: Map<string, { ins: number; upd: number; hot: number }>;
  indexes: Map<string, number>;
  redis: Map<string, number>;
  /** WAL bytes written and shared buffers touched: the database's work, whatever the machine's load. */
  walBytes: number;
  buffers: number;
  statements: StatementSnapshot;
};

export async function diagSnapshot(): Promise<Snapshot> {
  const { sqlRows, Prisma } = await import("@/lib/db");
  const { Redis } = await import("ioredis");
  const tables = await sqlRows<{ relname: string; ins: string; upd: string; hot: string }>(
    Prisma.sql`SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables`,
  );
  const indexes = await sqlRows<{ name: string; scans: string }>(
    Prisma.sql`SELECT relname || '.' || indexrelname AS name, idx_scan AS scans FROM pg_stat_user_indexes`,
  );
  const [db] = await sqlRows<{ wal: string; buffers: string }>(
    Prisma.sql`SELECT pg_current_wal_lsn() - '0/0'::pg_lsn AS wal, blks_hit + blks_read AS buffers
      FROM pg_stat_database WHERE datname = current_database()`,
  );
  const statements = await statementSnapshot();
  const redis: Redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info("commandstats");
    const calls = new Map<string, number>();
    for (const m of info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) calls.set(m[1]!, Number(m[2]));
    return {
      tables: new Map(tables.map((t) => [t.relname, { ins: +t.ins, upd: +t.upd, hot: +t.hot }])),
      indexes: new Map(indexes.map((i) => [i.name, +i.scans])),
      redis: calls,
      walBytes: Number(db?.wal ?? 0),
      buffers: Number(db?.buffers ?? 0),
      statements,
    };
  } finally {
    redis.disconnect();
  }
}

/** Prints what happened between the two snapshots, per order. */
export function printDiag(a: Snapshot, b: Snapshot, orders: number): void {
  const per = (n: number) => (n / orders).toFixed(2);
  console.log(
    `\nPostgres per order (BENCH_DIAG): ${per(b.walBytes - a.walBytes)} WAL bytes, ${per(b.buffers - a.buffers)} buffers touched`,
  );
  console.log("row writes per order (BENCH_DIAG): table, inserts, updates, of which HOT");
  for (const [name, t] of b.tables) {
    const s = a.tables.get(name) ?? { ins: 0, upd: 0, hot: 0 };
    if (t.ins === s.ins && t.upd === s.upd) continue;
    console.log(`  ${name.padEnd(24)} ${per(t.ins - s.ins)}  ${per(t.upd - s.upd)}  ${per(t.hot - s.hot)}`);
  }
  console.log("index scans during the run (BENCH_DIAG)");
  for (const [name, n] of b.indexes) {
    const d = n - (a.indexes.get(name) ?? 0);
    if (d > 0) console.log(`  ${name.padEnd(64)} ${d}`);
  }
  console.log("Redis calls per order by command (BENCH_DIAG)");
  const rows = [...b.redis].map(([cmd, n]) => [cmd, n - (a.redis.get(cmd) ?? 0)] as const).filter(([, d]) => d > 0);
  for (const [cmd, d] of rows.sort((x, y) => y[1] - x[1])) console.log(`  ${cmd.padEnd(24)} ${per(d)}`);
  printStatements(a.statements, b.statements, orders);
}

/**
 * What the database's client backends are doing while the run drains, sampled from
 * pg_stat_activity every `intervalMs`: per wait event (a row lock another transaction holds, the
 * WAL flush of a commit, waiting for the client's next statement inside a transaction, running
 * or waiting for a core when none is named). The figure is the mean number of backends in that
 * state, so it says what a statement's time is made of, and who blocks whom, whatever the load.
 */
export function sampleBackendWaits(intervalMs = 10): { stop: () => Promise<void> } {
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    const { sqlRows, Prisma } = await import("@/lib/db");
    while (!stopped) {
      const rows = await sqlRows<{ w: string; n: number }>(Prisma.sql`
        SELECT coalesce(wait_event_type || ':' || wait_event, 'running (or waiting for a core)') AS w,
          count(*)::int AS n
        FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()
          AND datname = current_database()
        GROUP BY 1`);
      samples++;
      for (const r of rows) counts.set(r.w, (counts.get(r.w) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      console.log(`\nPostgres backends by wait, mean over ${samples} samples of the drain (BENCH_DIAG)`);
      for (const [w, n] of [...counts].sort((x, y) => y[1] - x[1]))
        console.log(`  ${w.padEnd(40)} ${(n / samples).toFixed(2)}`);
    },
  };
}
