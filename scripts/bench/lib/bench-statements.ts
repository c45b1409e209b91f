// Postgres's time per order by statement and by function, for BENCH_DIAG=1 runs (docs/benchmarks/postgres.md
// "Postgres CPU per order, by statement"). benchStack() starts the benchmark's Postgres with
// pg_stat_statements (track = all, so a trigger's own statements are listed too, beside the
// statement that fired it) and track_functions = all (the audit trigger's time). Figures only.

type StatementCounters = {
  query: string;
  toplevel: boolean;
  calls: number;
  execMs: number;
  planMs: number;
  plans: number;
  rows: number;
  blocks: number;
  walBytes: number;
};
type FunctionCounters = { name: string; calls: number; totalMs: number; selfMs: number };
export type StatementSnapshot = {
  statements: Map<string, StatementCounters>;
  functions: Map<string, FunctionCounters>;
};

export async function statementSnapshot(): Promise<StatementSnapshot> {
  const { sqlRows, Prisma } = await import("@/lib/db");
  const statements = await sqlRows<{
    key: string;
    query: string;
    toplevel: boolean;
    calls: string;
    exec_ms: number;
    plan_ms: number;
    plans: string;
    rows: string;
    blocks: string;
    wal: string;
  }>(Prisma.sql`
    SELECT queryid::text || ':' || toplevel::text AS key, query, toplevel, calls, total_exec_time AS exec_ms,
      total_plan_time AS plan_ms, plans, rows, shared_blks_hit + shared_blks_read AS blocks, wal_bytes AS wal
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`);
  const functions = await sqlRows<{ name: string; calls: string; total_ms: number; self_ms: number }>(
    Prisma.sql`SELECT schemaname || '.' || funcname AS name, calls, total_time AS total_ms, self_time AS self_ms
      FROM pg_stat_user_functions`,
  );
  return {
    statements: new Map(
      statements.map((s) => [
        s.key,
        {
          query: s.query,
          toplevel: s.toplevel,
          calls: +s.calls,
          execMs: +s.exec_ms,
          planMs: +s.plan_ms,
          plans: +s.plans,
          rows: +s.rows,
          blocks: +s.blocks,
          walBytes: +s.wal,
        },
      ]),
    ),
    functions: new Map(
      functions.map((f) => [f.name, { name: f.name, calls: +f.calls, totalMs: +f.total_ms, selfMs: +f.self_ms }]),
    ),
  };
}

const ZERO: StatementCounters = {
  query: "",
  toplevel: true,
  calls: 0,
  execMs: 0,
  planMs: 0,
  plans: 0,
  rows: 0,
  blocks: 0,
  walBytes: 0,
};

/** The statements that took time between the snapshots (the diagnostics' own reads left out), per order. */
export function printStatements(a: StatementSnapshot, b: StatementSnapshot, orders: number, top = 25): void {
  const deltas = [...b.statements]
    .map(([key, s]) => {
      const was = a.statements.get(key) ?? ZERO;
      return {
        ...s,
        calls: s.calls - was.calls,
        execMs: s.execMs - was.execMs,
        planMs: s.planMs - was.planMs,
        plans: s.plans - was.plans,
        rows: s.rows - was.rows,
        blocks: s.blocks - was.blocks,
        walBytes: s.walBytes - was.walBytes,
      };
    })
    .filter((s) => s.calls > 0 && !/pg_stat_|pg_current_wal_lsn|pg_database/.test(s.query));
  const sum = (f: (s: (typeof deltas)[number]) => number, top: boolean) =>
    deltas.filter((s) => s.toplevel === top).reduce((n, s) => n + f(s), 0);
  const per = (n: number, digits = 3) => (n / orders).toFixed(digits);
  console.log(
    `\nPostgres statements per order (BENCH_DIAG, pg_stat_statements): top-level ${per(
      sum((s) => s.calls, true),
      2,
    )} calls, ` +
      `${per(sum((s) => s.execMs, true))} ms executing, ${per(sum((s) => s.planMs, true))} ms planning, ` +
      `${per(
        sum((s) => s.blocks, true),
        1,
      )} buffers, ${per(
        sum((s) => s.walBytes, true),
        0,
      )} WAL bytes`,
  );
  console.log(
    "  exec ms/order  plan ms/order  plans/call  calls/order  mean ms  rows/call  buffers/order  WAL B/order  statement (nested: inside a trigger or function)",
  );
  for (const s of deltas.sort((x, y) => y.execMs + y.planMs - (x.execMs + x.planMs)).slice(0, top)) {
    const text = s.query.replace(/\s+/g, " ").slice(0, 150);
    console.log(
      `  ${per(s.execMs).padStart(13)}  ${per(s.planMs).padStart(13)}  ${(s.plans / s.calls).toFixed(2).padStart(10)}  ${per(s.calls, 2).padStart(11)}  ` +
        `${(s.execMs / s.calls).toFixed(3).padStart(7)}  ${(s.rows / s.calls).toFixed(2).padStart(9)}  ` +
        `${per(s.blocks, 1).padStart(13)}  ${per(s.walBytes, 0).padStart(11)}  ${s.toplevel ? "" : "(nested) "}${text}`,
    );
  }
  console.log("functions per order (BENCH_DIAG, track_functions = all): calls, total ms, self ms");
  for (const [name, f] of b.functions) {
    const was = a.functions.get(name) ?? { calls: 0, totalMs: 0, selfMs: 0 };
    if (f.calls === was.calls) continue;
    console.log(
      `  ${name.padEnd(40)} ${per(f.calls - was.calls, 2)}  ${per(f.totalMs - was.totalMs)}  ${per(f.selfMs - was.selfMs)}`,
    );
  }
}
