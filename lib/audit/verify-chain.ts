// Verifies the audit hash chains (docs/design.md invariant 6): each row's hash must be the sha256 of
// audit_event_canonical(row), which builds the same text the insert trigger now builds inline
// (migration 20261202074344_audit_chain_inline_hash), and each row must
// point at the previous row of its chain, with no gap in the sequence. Walks the table in
// keyset batches on (chain_key, chain_seq), so memory stays flat at any size. A deleted last row
// of a chain (or a whole chain) leaves no gap, so each recorded run also keeps the highest id it
// saw and how many rows have an id up to it, and the next run counts the rows up to that id
// again: rows are only ever added, so fewer than that run counted means rows were deleted.
//
// That count must hold every row that will ever have an id up to the highest one. Ids come from a
// sequence when a row is inserted, not when it commits: when the run reads the highest id, an
// insert holding a lower one may not have committed yet, and it commits later. Counted without
// it, the baseline is too low by that many rows, and as many rows deleted later would go unseen.
// So the rows up to the highest id are counted once every audit writer that was in flight at the
// snapshot has ended (waitForWriters). A row's id is taken inside its INSERT, which holds a ROW
// EXCLUSIVE lock on audit_event from before the id is taken until its transaction ends, and ids
// are handed out in order (BIGSERIAL: a sequence cache of 1), so those writers are the
// transactions holding that lock just after the snapshot; one that committed before that is seen
// by any later statement. Counting again without waiting would not do: a transaction open longer
// than that (slow, or held open by someone) would still be missing. The count is taken before the
// walk, not after it: a row deleted during a long walk would lower it and go unreported.
// A writer still open after SETTLE_MS leaves the run without a baseline (no highest id recorded),
// and the next run compares with the last good run before it.
//
// A recorded run holds a lease (lib/run-lease.ts): two at once would each read the whole log,
// twice the load for the same answer. One asked for meanwhile is not started, and says which run
// is going on (VerificationRunning); a run whose lease another took over (it went silent for 2
// minutes) stops before its next batch and records nothing (VerificationTakenOver).
import { db, Prisma } from "@/lib/db";
import { type HeldLease, type LeaseHeld, withRunLease } from "@/lib/run-lease";

/** The name of the recorded verification's lease. */
const LEASE = "audit-chain-verification";

/** A recorded verification asked for while another runs: not started. */
export class VerificationRunning extends Error {
  constructor(readonly held: LeaseHeld) {
    super(
      `another verification of the audit chain is running, started ${held.startedAt.toISOString()}${held.startedBy ? ` by ${held.startedBy}` : ""}`,
    );
  }
}

export type BrokenRow = { id: bigint; chainKey: string; why: string };
/** `broken` lists the first broken row of each broken chain (at most 100). */
export type VerifyResult = {
  ok: boolean;
  checkedRows: number;
  firstBrokenId: bigint | null;
  message: string;
  broken: BrokenRow[];
};

type Row = {
  id: bigint;
  chain_key: string;
  chain_seq: number;
  prev_hash: string | null;
  hash: string;
  recomputed: string;
};

/** How long a run waits for the audit writers in flight at its snapshot before it records no baseline. */
const SETTLE_MS = 10_000;

// The audit writers in flight: the transactions holding audit_event's ROW EXCLUSIVE lock. A
// prepared transaction has no pid, and is one too.
const writersSql = (only: Prisma.Sql) => Prisma.sql`
  SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
   WHERE locktype = 'relation' AND relation = 'audit_event'::regclass AND mode = 'RowExclusiveLock' AND granted
     AND pid IS DISTINCT FROM pg_backend_pid() ${only}`;

/**
 * Until none of `vxids` holds audit_event's lock any more (they committed or rolled back), at most
 * `settleMs`; false when one still did then. Each look sleeps in the database while one does, so a
 * wait shows in pg_stat_activity as this statement (tests/integration/audit-verify-in-flight.test.ts
 * waits for it there).
 */
async function waitForWriters(vxids: string[], settleMs: number): Promise<boolean> {
  if (vxids.length === 0) return true;
  const until = Date.now() + settleMs;
  for (;;) {
    const [still] = await db().$queryRaw<{ n: number }[]>`
      SELECT w.n, CASE WHEN w.n > 0 THEN (SELECT 1 FROM pg_sleep(0.05)) END AS slept
        FROM (SELECT count(*)::int AS n FROM (${writersSql(Prisma.sql`AND virtualtransaction = ANY(${vxids}::text[])`)}) x) w`;
    if ((still?.n ?? 0) === 0) return true;
    if (Date.now() >= until) return false;
  }
}

type VerifyOptions = {
  batchSize?: number;
  /** Recorded in audit_verification (the default), under the lease; false: only read. */
  record?: boolean;
  settleMs?: number;
  /** Who asked, shown to one who asks while this run goes on. */
  startedBy?: string | null;
  heartbeatMs?: number;
};

/** Throws VerificationRunning when a recorded run is asked for while another goes on. */
export async function verifyAuditChain(opts: VerifyOptions = {}): Promise<VerifyResult> {
  if (opts.record === false) return walk(opts);
  const run = await withRunLease(LEASE, opts.startedBy ?? null, (lease) => walk(opts, lease), {
    heartbeatMs: opts.heartbeatMs,
  });
  if (!run.ran) throw new VerificationRunning(run.held);
  return run.value;
}

/** A recorded run whose lease another run took over (it was silent too long): it stops, unrecorded. */
class VerificationTakenOver extends Error {
  constructor() {
    super("this verification stopped: another run took it over after it went silent; that run records the result");
  }
}

async function walk(opts: VerifyOptions, lease?: HeldLease): Promise<VerifyResult> {
  const batch = opts.batchSize ?? 5_000;
  // The last run that found the log whole: a deletion stays reported until the rows are restored,
  // as a gap in a chain does, instead of becoming the next run's baseline.
  const before = await db().auditVerification.findFirst({
    where: { maxId: { not: null }, rowsUpToMax: { not: null }, ok: true },
    orderBy: { id: "desc" },
    select: { at: true, maxId: true, rowsUpToMax: true },
  });
  // One statement, one snapshot: the walk below takes many, and rows written meanwhile into
  // chains it has passed would make a count taken along the way too low.
  const [snapshot] = await db().$queryRaw<{ max_id: bigint | null; still_there: number }[]>`
    SELECT max(id) AS max_id,
           count(*) FILTER (WHERE id <= ${before?.maxId ?? 0n})::int AS still_there
    FROM audit_event`;
  // Read after the snapshot: a writer missing here had committed before it, or begins after it
  // and takes ids above max_id.
  const writers = (await db().$queryRaw<{ vxid: string }[]>(writersSql(Prisma.empty))).map((w) => w.vxid);
  // The baseline the next run compares with, counted once the writers in flight at the snapshot
  // have ended (see the top of this file); none when one is still open. Counted now, before the
  // walk: a row deleted while a long walk runs would otherwise lower the count the next run
  // compares with, and go unreported. What is deleted in this short wait is the one window left.
  const maxId = snapshot?.max_id ?? null;
  const settled =
    opts.record !== false && maxId !== null && (await waitForWriters(writers, opts.settleMs ?? SETTLE_MS));
  const [upToMax] = settled
    ? await db().$queryRaw<{ rows: number }[]>`SELECT count(*)::int AS rows FROM audit_event WHERE id <= ${maxId}`
    : [];
  let checked = 0;
  let after: { key: string; seq: number } | null = null;
  let prev: { key: string; seq: number; hash: string } | null = null;
  let broken: { id: bigint; why: string } | null = null;
  const brokenChains: BrokenRow[] = [];
  for (;;) {
    if (lease?.lost()) throw new VerificationTakenOver();
    const rows: Row[] = await db().$queryRaw<Row[]>`
      SELECT id, chain_key, chain_seq, prev_hash, hash,
             encode(sha256(convert_to(audit_event_canonical(e), 'UTF8')), 'hex') AS recomputed
      FROM audit_event e
      WHERE ${after === null} OR (chain_key, chain_seq) > (${after?.key ?? ""}, ${after?.seq ?? 0})
      ORDER BY chain_key, chain_seq LIMIT ${batch}`;
    for (const r of rows) {
      checked++;
      const sameChain = prev !== null && prev.key === r.chain_key;
      const why =
        r.recomputed !== r.hash
          ? "its content does not match its hash"
          : sameChain && r.chain_seq !== prev!.seq + 1
            ? `a row is missing before it in chain ${r.chain_key}`
            : sameChain && r.prev_hash !== prev!.hash
              ? "it does not link to the previous row's hash"
              : !sameChain && (r.chain_seq !== 1 || r.prev_hash !== null)
                ? `the start of chain ${r.chain_key} is missing`
                : null;
      // Report the earliest written broken row across all chains.
      if (why && (broken === null || r.id < broken.id)) broken = { id: r.id, why };
      if (why && brokenChains.length < 100 && brokenChains.at(-1)?.chainKey !== r.chain_key)
        brokenChains.push({ id: r.id, chainKey: r.chain_key, why });
      prev = { key: r.chain_key, seq: r.chain_seq, hash: r.hash };
    }
    if (rows.length < batch) break;
    const last: Row = rows[rows.length - 1]!;
    after = { key: last.chain_key, seq: last.chain_seq };
  }
  const missing = before?.rowsUpToMax != null ? before.rowsUpToMax - (snapshot?.still_there ?? 0) : 0;
  const result: VerifyResult = broken
    ? {
        ok: false,
        checkedRows: checked,
        firstBrokenId: broken.id,
        broken: brokenChains,
        message: `audit chain BROKEN at row ${broken.id}: ${broken.why} (${checked} rows checked)`,
      }
    : missing > 0
      ? {
          ok: false,
          checkedRows: checked,
          firstBrokenId: null,
          broken: [],
          message: `audit chain BROKEN: ${missing} rows counted by the verification of ${before!.at.toISOString()} are gone (${checked} rows checked)`,
        }
      : { ok: true, checkedRows: checked, firstBrokenId: null, broken: [], message: `audit chain OK: ${checked} rows` };
  if (lease?.lost()) throw new VerificationTakenOver();
  if (opts.record !== false) {
    await db().auditVerification.create({
      data: {
        ok: result.ok,
        checkedRows: checked,
        firstBrokenId: result.firstBrokenId,
        message: result.message,
        maxId: upToMax ? maxId : null,
        rowsUpToMax: upToMax?.rows ?? null,
      },
    });
  }
  return result;
}
