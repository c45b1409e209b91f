// What the latency benchmark's slowest orders were waiting for (BENCH_DIAG=1 runs of
// commit-latency.ts; docs/benchmarks/latency.md "Attributing the latency tail"). Everything that can stall
// an order is collected as a dated event: the worker's and the placer's event-loop stalls and GC
// pauses (lib/loop-timeline.mjs), the worker's periodic loops (relay, heartbeat, sweeps: its
// "loop pass" debug lines), Postgres checkpoints and autovacuum/autoanalyze runs (its log), and
// every 10 ms how many client backends wait for the WAL flush or a lock (pg_stat_activity).
// For each kind of event the report gives the share of the slowest 1 % whose time in the pipeline
// overlapped one, beside the share of all orders that did: a kind that touches the slow ones far
// more often than the rest is what the tail is made of. Figures only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type TimelineEvent = { kind: string; from: number; to: number; ms: number; detail?: string };
export type TimedOrder = {
  created: number;
  finished: number;
  total: number;
  parts?: Record<string, number>;
};

/**
 * Postgres logs its checkpoints and every autovacuum/analyze run, in UTC, and pgstattuple lets the
 * sampler read the GIN indexes' pending lists (the bench's server only).
 */
export async function logPostgresEvents(): Promise<void> {
  const { db } = await import("@/lib/db");
  for (const s of ["log_checkpoints = on", "log_autovacuum_min_duration = 0", "log_timezone = 'UTC'"])
    await db().$executeRawUnsafe(`ALTER SYSTEM SET ${s}`);
  await db().$queryRawUnsafe("SELECT pg_reload_conf()");
  await db().$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pgstattuple");
}

/**
 * Every GIN index with a pending list (fastupdate on) and how many pages it holds now. Rows a
 * write adds wait in the list until it passes gin_pending_list_limit (the writer that crosses
 * it merges the whole list into the index) or a vacuum or autoanalyze merges it: a drop between
 * two samples is such a merge, dated to within the sampling period.
 */
async function ginPendingPages(): Promise<Map<string, number>> {
  const { sqlRows, Prisma } = await import("@/lib/db");
  const rows = await sqlRows<{ name: string; pages: number }>(Prisma.sql`
    SELECT c.relname AS name, (pgstatginindex(c.oid)).pending_pages AS pages
    FROM pg_class c JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE am.amname = 'gin' AND n.nspname = 'public'`);
  return new Map(rows.map((r) => [r.name, Number(r.pages)]));
}

/** Samples client backends waiting for the WAL flush or a row lock, and autovacuum workers, every `intervalMs`. */
export function samplePostgres(intervalMs = 10) {
  const samples: PgSample[] = [];
  const events: TimelineEvent[] = [];
  /** The most pages each GIN index's pending list held at a sample. */
  const ginMax = new Map<string, number>();
  /** Client backends already open (those of the first sample were open before the run). */
  const seenPids = new Set<number>();
  let skipped = 0;
  let stopped = false;
  const loop = (async () => {
    const { sqlRows, Prisma } = await import("@/lib/db");
    let gin = await ginPendingPages().catch(() => new Map<string, number>());
    let ginAt = Date.now();
    for (let n = 0; !stopped; n++) {
      // A sample the loaded machine cannot take (the pool busy, a timeout) is skipped, not fatal.
      await sampleOnce(n).catch(() => skipped++);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    async function sampleOnce(n: number): Promise<void> {
      const at = Date.now();
      if (n % 5 === 0 && gin.size) {
        const now = await ginPendingPages();
        for (const [name, pages] of now) {
          ginMax.set(name, Math.max(ginMax.get(name) ?? 0, pages));
          const before = gin.get(name) ?? 0;
          if (pages < before)
            events.push({
              kind: `Postgres GIN pending list merged: ${name}`,
              from: ginAt,
              to: at,
              ms: at - ginAt,
              detail: `${before} → ${pages} pages`,
            });
        }
        gin = now;
        ginAt = at;
      }
      const all = await sqlRows<{
        backend_type: string;
        state: string | null;
        wait: string | null;
        query: string;
        pid: number;
        started: Date;
      }>(Prisma.sql`
        SELECT backend_type, state, wait_event_type || ':' || wait_event AS wait, left(query, 60) AS query,
          pid, backend_start AS started
        FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND (
          (backend_type = 'client backend' AND datname = current_database()) OR backend_type = 'autovacuum worker')`);
      // A connection opened during the run: its opening and its first statements (each prepared
      // anew on it) are on some order's path. Dated by Postgres's backend_start.
      for (const r of all.filter((r) => r.backend_type === "client backend" && !seenPids.has(r.pid))) {
        seenPids.add(r.pid);
        const from = new Date(r.started).getTime();
        if (n > 0) events.push({ kind: "Postgres connection opened", from, to: from + 1, ms: 1 });
      }
      const rows = all.filter((r) => r.state !== "idle");
      const clients = rows.filter((r) => r.backend_type === "client backend");
      samples.push({
        at,
        runnable: runnableProcesses(),
        wal: clients.filter((r) => r.wait === "LWLock:WALWrite" || r.wait?.startsWith("IO:WAL")).length,
        lock: clients.filter((r) => r.wait?.startsWith("Lock:")).length,
        active: clients.length,
      });
      // An autovacuum worker seen in consecutive samples is one run (its log line may say 0.00 s).
      for (const r of rows.filter((r) => r.backend_type === "autovacuum worker" && r.query)) {
        const kind = `Postgres autovacuum seen: ${r.query.replace(/^autovacuum: /, "")}`;
        const open = events.findLast((e) => e.kind === kind);
        if (open && at - open.to <= 3 * intervalMs) {
          open.to = Date.now();
          open.ms = open.to - open.from;
        } else events.push({ kind, from: at, to: Date.now(), ms: Date.now() - at });
      }
    }
  })();
  return {
    samples,
    events,
    ginMax,
    skipped: () => skipped,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

export type PgSample = { at: number; runnable: number; wal: number; lock: number; active: number };

/**
 * Processes ready to run on the whole machine right now (/proc/stat procs_running, this sampler
 * included): above the core count, every process of the benchmark waits for a core, whoever's.
 */
function runnableProcesses(): number {
  try {
    return Number(/procs_running (\d+)/.exec(fs.readFileSync("/proc/stat", "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Checkpoints and autovacuum/analyze runs the bench's Postgres logged after `since`. */
export function postgresLogEvents(stackRoot: string, since: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const dir of fs.readdirSync(stackRoot).filter((d) => d.startsWith("pg-"))) {
    const file = path.join(stackRoot, dir, "pg.log");
    if (!fs.existsSync(file)) continue;
    const lines = fs.readFileSync(file, "utf8").split("\n");
    let checkpointFrom: number | undefined;
    lines.forEach((line, i) => {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) UTC \[\d+\] LOG:\s+(.*)$/.exec(line);
      if (!m) return;
      const at = Date.parse(`${m[1]}T${m[2]}Z`);
      const text = m[3]!;
      if (text.startsWith("checkpoint starting")) checkpointFrom = at;
      else if (text.startsWith("checkpoint complete") && checkpointFrom !== undefined) {
        if (at >= since)
          events.push({ kind: "Postgres checkpoint", from: checkpointFrom, to: at, ms: at - checkpointFrom });
        checkpointFrom = undefined;
      }
      const av = /^automatic (vacuum|analyze) of table "[^".]+\.[^".]+\.([^"]+)"/.exec(text);
      if (!av || at < since) return;
      // The run is logged when it ends; its length is on a continuation line ("elapsed: 0.05 s").
      let ms = 0;
      for (let j = i + 1; j < lines.length && !/^\d{4}-/.test(lines[j]!); j++) {
        const e = /elapsed: ([\d.]+) s/.exec(lines[j]!);
        if (e) ms = Number(e[1]) * 1000;
      }
      events.push({ kind: `Postgres auto${av[1]} ${av[2]}`, from: at - ms, to: at, ms });
    });
  }
  return events;
}

/** The worker's periodic loops, from its "loop pass" debug lines (stamped at the end of each pass). */
export function workerLoopPasses(output: string): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const line of output.split("\n")) {
    if (!line.includes('"loop pass"')) continue;
    try {
      const l = JSON.parse(line) as { t: string; loop: string; ms: number };
      const to = Date.parse(l.t);
      events.push({ kind: `worker ${l.loop} pass`, from: to - l.ms, to, ms: l.ms });
    } catch {}
  }
  return events;
}

/** Dated stalls and GC pauses of a process (lib/loop-timeline.mjs), under `who`. */
export function loopEvents(who: string, events: { at: number; ms: number; kind: string }[]): TimelineEvent[] {
  return events.map((e) => ({ kind: `${who} ${e.kind}`, from: e.at, to: e.at + e.ms, ms: e.ms }));
}

const overlaps = (o: TimedOrder, e: TimelineEvent) => e.from <= o.finished && e.to >= o.created;

/**
 * Prints, per kind of event, the share of the slowest 1 % it touched beside the share of all
 * orders it touched; the Postgres waiters in the slow orders' windows beside the run's mean; and
 * the slow orders grouped into bursts (placed within 0.5 s of each other) with what overlapped each.
 */
export function printAttribution(
  orders: TimedOrder[],
  events: TimelineEvent[],
  pgSamples: PgSample[],
  runStart: number,
): void {
  if (!orders.length) return;
  const slow = [...orders].sort((a, b) => b.total - a.total).slice(0, Math.max(5, Math.ceil(orders.length / 100)));
  const kinds = [...new Set(events.map((e) => e.kind))];
  const rows = kinds.map((kind) => {
    const of = events.filter((e) => e.kind === kind);
    const share = (set: TimedOrder[]) => set.filter((o) => of.some((e) => overlaps(o, e))).length / set.length;
    return { kind, count: of.length, maxMs: Math.max(...of.map((e) => e.ms)), slow: share(slow), all: share(orders) };
  });
  console.log(
    `\nWhat the slowest 1 % (${slow.length} orders, ≥ ${slow.at(-1)?.total} ms) overlapped (BENCH_DIAG): share of them, share of all orders`,
  );
  console.log(`  ${"event".padEnd(52)} ${"count".padStart(6)} ${"max ms".padStart(7)}  slow   all   ×`);
  // Kinds that touched no slow order are left out (system catalogs' autoanalyze, mostly).
  for (const r of rows.filter((r) => r.slow > 0).sort((a, b) => b.slow - b.all - (a.slow - a.all)))
    console.log(
      `  ${r.kind.slice(0, 52).padEnd(52)} ${String(r.count).padStart(6)} ${r.maxMs.toFixed(0).padStart(7)}  ${r.slow.toFixed(2)}  ${r.all.toFixed(2)}  ${r.all ? (r.slow / r.all).toFixed(1) : "-"}`,
    );
  printVerdict(slow, orders, events);
  // Every autovacuum/autoanalyze run from the timed run's start to the last order's end, slow or
  // not: whether the run's database crosses the thresholds at all (docs/benchmarks.md "The latency
  // run's database").
  const runEnd = Math.max(...orders.map((o) => o.finished));
  const vacuums = events.filter((e) => e.kind.startsWith("Postgres auto") && e.to >= runStart && e.from <= runEnd);
  console.log(
    `  autovacuum/autoanalyze runs during the timed run: ${vacuums.length}${vacuums.length ? ` (${vacuums.map((e) => `${e.kind.replace(/^Postgres /, "")} at +${((e.from - runStart) / 1000).toFixed(2)} s, ${e.ms.toFixed(0)} ms`).join("; ")})` : ""}`,
  );
  const meanIn = (set: TimedOrder[], key: "wal" | "lock" | "active" | "runnable") => {
    const inside = pgSamples.filter((s) => set.some((o) => s.at >= o.created && s.at <= o.finished));
    return inside.reduce((sum, s) => sum + s[key], 0) / (inside.length || 1);
  };
  console.log(
    `  Postgres client backends (mean, sampled every 10 ms) in the slow orders' windows / over all orders' windows: ` +
      `waiting for the WAL flush ${meanIn(slow, "wal").toFixed(2)} / ${meanIn(orders, "wal").toFixed(2)}, ` +
      `on a lock ${meanIn(slow, "lock").toFixed(2)} / ${meanIn(orders, "lock").toFixed(2)}, ` +
      `busy ${meanIn(slow, "active").toFixed(2)} / ${meanIn(orders, "active").toFixed(2)}`,
  );
  console.log(
    `  processes ready to run on the machine (/proc/stat, ${os.cpus().length} cores) in the slow orders' windows / over all: ` +
      `${meanIn(slow, "runnable").toFixed(2)} / ${meanIn(orders, "runnable").toFixed(2)}`,
  );
  const bursts: TimedOrder[][] = [];
  for (const o of [...slow].sort((a, b) => a.created - b.created)) {
    const last = bursts.at(-1);
    if (last && o.created - last.at(-1)!.created <= 500) last.push(o);
    else bursts.push([o]);
  }
  const at = (t: number) => `+${((t - runStart) / 1000).toFixed(2)}`;
  console.log(
    "  the slow ones in bursts (placed at +s; parts: mean ms over the burst; what overlapped, longest first):",
  );
  for (const b of bursts) {
    const parts = Object.keys(b[0]!.parts ?? {})
      .map((k) => `${k} ${(b.reduce((s, o) => s + (o.parts?.[k] ?? 0), 0) / b.length).toFixed(0)}`)
      .join(", ");
    const hit = events
      .filter((e) => b.some((o) => overlaps(o, e)))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 6)
      .map((e) => `${e.kind}${e.detail ? ` (${e.detail})` : ""} ${e.ms.toFixed(0)} ms at ${at(e.from)}`);
    console.log(
      `    ${at(b[0]!.created)}…${at(b.at(-1)!.created)}: ${b.length} orders, max ${Math.max(...b.map((o) => o.total))} ms; ${parts}; ${hit.join("; ") || "nothing recorded"}`,
    );
  }
}

const BACKLOG_MEDIAN_MS = 100;

/** Each event's family: what a reader would fix (a table's autovacuum and its analyze are one). */
function family(kind: string): string {
  if (/^Postgres auto(vacuum|analyze)/.test(kind)) return "Postgres autovacuum/autoanalyze";
  if (kind.startsWith("Postgres GIN")) return "Postgres GIN pending-list merge";
  if (kind.startsWith("worker GC") || kind.startsWith("placer GC")) return kind.replace(/ \(.*$/, "");
  return kind;
}

/**
 * One line that says what the tail is: the families of events that touched at least half of the
 * slowest 1 % and at least three times as large a share of them as of all orders. A stall of the
 * worker's loop that overlaps one of the placer's is the machine (two processes do not pause
 * together by themselves), and is counted as such.
 */
function printVerdict(slow: TimedOrder[], orders: TimedOrder[], events: TimelineEvent[]): void {
  // Behind the placing rate, every order spends seconds queued and overlaps whatever happens in
  // them: no event can be told from the backlog.
  const median = [...orders].sort((a, b) => a.total - b.total)[Math.floor(orders.length / 2)]!.total;
  if (median > BACKLOG_MEDIAN_MS) {
    console.log(
      `  VERDICT: the stack fell behind the placing rate (median ${median} ms > ${BACKLOG_MEDIAN_MS} ms): the tail is the backlog; a run on a quieter machine is needed to name a stall`,
    );
    return;
  }
  const placerStalls = events.filter((e) => e.kind === "placer loop stall");
  const machine = events
    .filter((e) => e.kind === "worker loop stall")
    .flatMap((w) => {
      const p = placerStalls.find((x) => overlaps({ created: w.from, finished: w.to, total: 0 }, x));
      if (!p) return [];
      const from = Math.max(w.from, p.from);
      const to = Math.min(w.to, p.to);
      return [{ kind: "the machine (worker and placer stalled at once)", from, to, ms: to - from }];
    });
  const families = new Map<string, TimelineEvent[]>();
  for (const e of [...events, ...machine]) families.set(family(e.kind), [...(families.get(family(e.kind)) ?? []), e]);
  const share = (set: TimedOrder[], of: TimelineEvent[]) =>
    set.filter((o) => of.some((e) => overlaps(o, e))).length / set.length;
  const named = [...families]
    .map(([name, of]) => ({ name, slow: share(slow, of), all: share(orders, of) }))
    .filter((f) => f.slow >= 0.5 && f.slow >= 3 * f.all)
    .sort((a, b) => b.slow - a.slow);
  console.log(
    named.length
      ? `  VERDICT: the tail is made of ${named.map((f) => `${f.name} (${f.slow.toFixed(2)} of the slow, ${f.all.toFixed(2)} of all)`).join("; ")}`
      : "  VERDICT: no kind of event touched half of the slowest 1 % three times as often as the rest: the tail is spread (queueing in the four parts, see them below)",
  );
}
