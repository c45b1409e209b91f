// A lease on a long job that must not run twice at once (the audit chain's verification, which
// reads the whole audit log): a row per job in run_lease, held by one run, which rewrites its
// heartbeat while it works and deletes the row when it ends. A run whose process died stops
// writing the heartbeat, and the next run takes the lease over once it is STALE_AFTER old.
//
// Not a session advisory lock, which would have to live for the whole run on one connection: the
// run would go on after losing that connection (and the lock with it), a lock of a host that died
// would wait for TCP keepalive (about two hours) to be released, and behind a transaction-mode
// connection pooler a session lock does not hold at all. The drift check's run row works the
// same way as this lease (lib/services/drift.ts).
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";

const HEARTBEAT_MS = 20_000;
const STALE_AFTER = "2 minutes";

export type LeaseHeld = { startedAt: Date; startedBy: string | null };

/** What the work asks of its lease while it runs. */
export type HeldLease = {
  /** True once a heartbeat found the lease no longer this run's: another run took it over. */
  lost: () => boolean;
};

/**
 * Runs `work` while holding the lease `name`; when another run holds it (with a fresh
 * heartbeat), does not run it and answers who holds it since when. `startedBy` is shown to
 * whoever asks meanwhile: a person's e-mail or a command's name, never a secret.
 */
export async function withRunLease<T>(
  name: string,
  startedBy: string | null,
  work: (lease: HeldLease) => Promise<T>,
  opts: { heartbeatMs?: number } = {},
): Promise<{ ran: true; value: T } | { ran: false; held: LeaseHeld }> {
  const holder = randomUUID();
  // Taken, or read as held; a lease released between the two statements is tried again.
  for (let tries = 0; ; tries++) {
    const taken = await db().$queryRaw<unknown[]>`
      INSERT INTO run_lease (name, holder, started_at, heartbeat_at, started_by)
      VALUES (${name}, ${holder}::uuid, now(), now(), ${startedBy})
      ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, started_at = now(), heartbeat_at = now(),
        started_by = EXCLUDED.started_by
        WHERE run_lease.heartbeat_at < now() - ${STALE_AFTER}::interval
      RETURNING 1`;
    if (taken.length === 1) break;
    const [held] = await db().$queryRaw<{ started_at: Date; started_by: string | null }[]>`
      SELECT started_at, started_by FROM run_lease WHERE name = ${name}`;
    if (held) return { ran: false, held: { startedAt: held.started_at, startedBy: held.started_by } };
    if (tries >= 2) throw new Error(`the lease ${name} could not be taken`);
  }
  let lost = false;
  const heartbeat = setInterval(() => {
    db().$executeRaw`UPDATE run_lease SET heartbeat_at = now() WHERE name = ${name} AND holder = ${holder}::uuid`.then(
      (n) => {
        if (n === 0) lost = true;
      },
      () => undefined,
    );
  }, opts.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return { ran: true, value: await work({ lost: () => lost }) };
  } finally {
    clearInterval(heartbeat);
    // Only its own: a run that stalled past STALE_AFTER may have lost it to another.
    await db().$executeRaw`DELETE FROM run_lease WHERE name = ${name} AND holder = ${holder}::uuid`;
  }
}
