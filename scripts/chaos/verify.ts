// What the chaos run checks at the end, and the table it prints. Every order placed must exist
// and be terminal; each create must have brought exactly one upstream resource into being (or
// none when it failed), and a succeeded order must hold exactly that resource. Each change
// order (change, suspend, delete of a service the run created; one per service) must have been
// committed upstream exactly once when it succeeded and never when it failed: a change applied
// twice counts as duplicated, one that succeeded without reaching the provider (or failed after
// reaching it) as lost. A create sent again for a name that was already created (the simulator
// refuses it as taken, so no second resource shows) counts as resent: after an answer that may
// have been applied, the worker must look the name up, never send the create blind.
import type { FaultKind } from "./faults";
import type { Placed } from "./order-mix";

type LedgerEntry = { kind: string; key: string; ref: string };
type LedgerChange = { kind: string; ref: string; op: string };
type Ledger = { created: LedgerEntry[]; duplicates: Omit<LedgerEntry, "ref">[]; changed: LedgerChange[] };

export type ChaosReport = {
  options: { orders: number; workers: number; faultSeconds: number };
  placed: number;
  /** Orders placed by action: create, change, suspend, delete. */
  placedBy: Record<string, number>;
  faults: Record<FaultKind, number>;
  counts: { workerKills: number; redisKills: number; postgresRestarts: number; placementRetries: number };
  statuses: Record<string, number>;
  lost: number;
  duplicated: number;
  /** Create orders whose create was sent again after the resource existed (refused as taken). */
  resent: number;
  adoptedForeign: number;
  stuck: number;
  /** From the last fault until every order was terminal; undefined when that never happened. */
  settleMs?: number;
  audit: { ok: boolean; checkedRows: number; message: string };
  deadlocks: number;
  /** Workers that died on their own (an uncaught error), not by the run's SIGKILLs or stop. */
  crashes: number;
  /** Attempts by kind and outcome: shows the faults reached the pipeline. */
  attempts: Record<string, number>;
  /** Why orders did not succeed, most common first (for reading, not a bar). */
  reasons: [string, number][];
  /** Lines naming each order that broke a bar, for the person reading the run. */
  problems: string[];
};

const SETTLE_BAR_MS = 60_000;

/**
 * Every bar but the settle time: what the short run inside `npm test` holds, since a test there
 * never asserts a speed (docs/design.md "Test tiers"); `npm run chaos` judges the time as well.
 */
export function correctnessBarsMet(r: ChaosReport): boolean {
  return (
    r.placed === r.options.orders &&
    r.lost === 0 &&
    r.duplicated === 0 &&
    r.resent === 0 &&
    r.adoptedForeign === 0 &&
    r.stuck === 0 &&
    r.audit.ok &&
    r.deadlocks === 0 &&
    r.crashes === 0
  );
}

export function barsMet(r: ChaosReport): boolean {
  return correctnessBarsMet(r) && r.settleMs !== undefined && r.settleMs < SETTLE_BAR_MS;
}

export async function verifyRun(input: {
  options: ChaosReport["options"];
  placed: Placed[];
  faults: ChaosReport["faults"];
  counts: ChaosReport["counts"];
  settleMs: number | undefined;
  simOrigins: Record<"grommunio" | "qboxmail", string>;
  workerLogs: string;
}): Promise<ChaosReport> {
  const { db } = await import("@/lib/db");
  const { verifyAuditChain } = await import("@/lib/audit/verify-chain");
  const rows = await db().order.findMany({
    where: { id: { in: input.placed.map((p) => p.orderId) } },
    select: { id: true, status: true, upstreamRef: true, lastError: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ledgers = {
    grommunio: await ledgerOf(input.simOrigins.grommunio),
    qboxmail: await ledgerOf(input.simOrigins.qboxmail),
  };
  const problems: string[] = [];
  const statuses: Record<string, number> = {};
  const reasons = new Map<string, number>();
  const holders = new Map<string, string>();
  let lost = 0;
  let duplicated = 0;
  let resent = 0;
  let adoptedForeign = 0;
  let stuck = 0;
  for (const p of input.placed) {
    const row = byId.get(p.orderId);
    if (!row) {
      lost++;
      problems.push(`lost: order ${p.orderId} (${p.naturalKey}) is not in the database`);
      continue;
    }
    statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    if (!["succeeded", "failed", "held", "cancelled"].includes(row.status)) {
      stuck++;
      problems.push(`stuck: ${p.naturalKey} is ${row.status}`);
    }
    if (row.status !== "succeeded" && row.lastError) {
      const reason = row.lastError.replace(/[\w.-]*\d[\w.@-]*/g, "…").slice(0, 120);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (row.upstreamRef && p.creates) {
      const key = `${p.creates.sim}:${p.creates.ledgerKind}:${row.upstreamRef}`;
      const other = holders.get(key);
      if (other) {
        adoptedForeign++;
        problems.push(`adopted-foreign: ${p.naturalKey} holds ${row.upstreamRef}, as does order ${other}`);
      }
      holders.set(key, p.orderId);
    }
    if (p.changes) {
      const c = p.changes;
      const applied = ledgers[c.sim].changed.filter((e) => e.kind === c.ledgerKind && e.ref === c.ref).length;
      const what = `${c.action} of ${p.naturalKey} (${c.ref})`;
      if (applied > 1) {
        duplicated++;
        problems.push(`duplicated: the ${what} was applied ${applied} times upstream`);
      } else if (row.status === "succeeded" && applied === 0) {
        lost++;
        problems.push(`lost: the ${what} succeeded, but nothing reached the provider`);
      } else if ((row.status === "failed" || row.status === "cancelled") && applied > 0) {
        lost++;
        problems.push(`lost: the ${what} ended ${row.status} but was applied upstream`);
      }
      continue;
    }
    if (!p.creates) continue;
    const made = ledgers[p.creates.sim].created.filter(
      (e) => e.kind === p.creates!.ledgerKind && e.key === p.naturalKey.toLowerCase(),
    );
    if (made.length > 1) {
      duplicated++;
      problems.push(`duplicated: ${p.naturalKey} was created ${made.length} times upstream`);
    }
    const refused = ledgers[p.creates.sim].duplicates.filter(
      (e) => e.kind === p.creates!.ledgerKind && e.key === p.naturalKey.toLowerCase(),
    ).length;
    if (refused > 0) {
      resent++;
      problems.push(`resent: ${p.naturalKey}'s create was sent ${refused} more time(s) after it existed upstream`);
    }
    if (row.status === "succeeded") {
      if (made.length === 0) {
        lost++;
        problems.push(`lost: ${p.naturalKey} succeeded with ${row.upstreamRef}, but nothing was created upstream`);
      } else if (!made.some((m) => m.ref === row.upstreamRef)) {
        adoptedForeign++;
        problems.push(
          `adopted-foreign: ${p.naturalKey} holds ${row.upstreamRef}, not the ${made[0]!.ref} created for it`,
        );
      }
    } else if (made.length > 0 && row.status !== "held") {
      // Held means "may exist upstream, a person decides": only a failed or cancelled order
      // whose resource exists has lost track of it.
      lost++;
      problems.push(`lost: ${p.naturalKey} ended ${row.status} but ${made[0]!.ref} exists upstream for it`);
    }
  }
  const audit = await verifyAuditChain({ record: false });
  const attemptRows = await db().$queryRaw<{ what: string; n: number }[]>`
    SELECT kind || ' ' || coalesce(outcome::text, 'open') AS what, count(*)::int AS n
    FROM attempt WHERE order_id = ANY(${input.placed.map((p) => p.orderId)}::uuid[]) GROUP BY 1 ORDER BY 2 DESC`;
  return {
    options: input.options,
    placed: input.placed.length,
    placedBy: countBy(input.placed.map((p) => p.changes?.action ?? "create")),
    faults: input.faults,
    counts: input.counts,
    statuses,
    lost,
    duplicated,
    resent,
    adoptedForeign,
    stuck,
    settleMs: input.settleMs,
    audit: { ok: audit.ok, checkedRows: audit.checkedRows, message: audit.message },
    attempts: Object.fromEntries(attemptRows.map((a) => [a.what, a.n])),
    deadlocks: (input.workerLogs.match(/deadlock detected/gi) ?? []).length,
    // Node ends a process that dies of an uncaught error with its version line; a SIGKILL or a
    // clean stop prints none.
    crashes: (input.workerLogs.match(/^Node\.js v\d+/gm) ?? []).length,
    reasons: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 6),
    problems: problems.slice(0, 30),
  };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

async function ledgerOf(origin: string): Promise<Ledger> {
  const r = await fetch(`${origin}/__sim/ledger`);
  const l = (await r.json()) as Partial<Ledger>;
  return { created: l.created ?? [], duplicates: l.duplicates ?? [], changed: l.changed ?? [] };
}

export function formatReport(r: ChaosReport): string {
  const s = r.statuses;
  const rows: [string, string, string][] = [
    ["orders placed", String(r.placed), `${r.options.orders}`],
    [
      "… by action",
      Object.entries(r.placedBy)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", "),
      "",
    ],
    ...Object.entries(r.faults).map(([k, v]) => [`fault: ${k}`, String(v), ""] as [string, string, string]),
    ["worker SIGKILLs", String(r.counts.workerKills), ""],
    ["Redis SIGKILLs (append-only, fsync every second)", String(r.counts.redisKills), ""],
    ["Postgres immediate restarts", String(r.counts.postgresRestarts), ""],
    [
      "attempts (kind outcome: count)",
      Object.entries(r.attempts)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", "),
      "",
    ],
    ["succeeded / failed / held", `${s.succeeded ?? 0} / ${s.failed ?? 0} / ${s.held ?? 0}`, ""],
    ["lost", String(r.lost), "0"],
    ["duplicated", String(r.duplicated), "0"],
    ["resent (a create sent again once the resource existed)", String(r.resent), "0"],
    ["adopted-foreign", String(r.adoptedForeign), "0"],
    ["stuck", String(r.stuck), "0"],
    ["deadlock errors in worker logs", String(r.deadlocks), "0"],
    ["workers dead of an uncaught error", String(r.crashes), "0"],
    [
      "last fault → every order terminal",
      r.settleMs === undefined ? "never" : `${(r.settleMs / 1000).toFixed(1)} s`,
      `< ${SETTLE_BAR_MS / 1000} s`,
    ],
    ["audit chain", r.audit.ok ? `verifies (${r.audit.checkedRows} rows)` : `BROKEN: ${r.audit.message}`, "verifies"],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = [
    `chaos run: ${r.options.orders} orders, ${r.options.workers} workers, ${r.options.faultSeconds} s of faults`,
    `| ${"metric".padEnd(w0)} | ${"value".padEnd(w1)} | bar |`,
    `|${"-".repeat(w0 + 2)}|${"-".repeat(w1 + 2)}|-----|`,
    ...rows.map(([a, b, c]) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} |`),
    `result: ${barsMet(r) ? "all bars met" : "BARS NOT MET"}`,
  ];
  if (r.reasons.length) lines.push("", "why orders did not succeed:", ...r.reasons.map(([k, v]) => `  ${v} × ${k}`));
  if (r.problems.length) lines.push("", "problems:", ...r.problems.map((p) => `  ${p}`));
  return lines.join("\n");
}
