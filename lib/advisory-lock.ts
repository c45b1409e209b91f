// Advisory locks, named by a text key: what serialises work that has no row of its own to lock (a
// reseller's limit, one name being ordered, a cap on tokens or endpoints). Most end with the
// transaction that took them (lockOn); whileHolding's lasts for a run of many transactions.
import { Prisma, withSession } from "@/lib/db";

/**
 * The statement that takes the lock on `key`: `shared` for work that never conflicts with other
 * shared holders (only with an `alone` one), `alone` for work that conflicts with any.
 */
export const lockOn = (key: string, mode: "shared" | "alone" = "alone") =>
  mode === "shared"
    ? Prisma.sql`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))) l`
    : Prisma.sql`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))) l`;

/**
 * Runs `fn` while this process holds the session-scoped lock on `key`; `undefined`, without
 * running it, when another session holds it. The lock lives on a connection kept for the run, so
 * a process that dies mid-run frees it at once (Postgres ends the session), where a row saying
 * "running" would wait for a timeout.
 */
export async function whileHolding<T>(key: string, fn: () => Promise<T>): Promise<T | undefined> {
  return withSession(async (rows) => {
    const [got] = await rows<{ ok: boolean }>(
      Prisma.sql`SELECT pg_try_advisory_lock(hashtextextended(${key}, 0)) AS ok`,
    );
    if (!got?.ok) return undefined;
    try {
      return await fn();
    } finally {
      // Unlocked before the connection goes back to the pool. Should the unlock fail, withSession
      // discards the connection, and the session's end frees the lock.
      await rows(Prisma.sql`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`);
    }
  });
}
