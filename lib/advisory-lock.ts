// Advisory locks, named by a text key: what serialises work that has no row of its own to lock (a
// reseller's limit, one name being ordered, a cap on tokens or endpoints). Most end with the
// transaction that took them (lockOn); whileHolding's lasts for a run of many transactions.
import pg from "pg";
import { Prisma } from "@/lib/db";
import { env } from "@/lib/env";

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
 * running it, when another session holds it. The lock lives on a connection of its own, opened
 * for the run and outside the pool (so it never takes a connection `fn` needs, whatever
 * DATABASE_POOL_MAX is): a process that dies mid-run frees it at once, as Postgres ends the
 * session, where a row saying "running" would wait for a timeout.
 */
export async function whileHolding<T>(key: string, fn: () => Promise<T>): Promise<T | undefined> {
  const session = new pg.Client({ connectionString: env().DATABASE_URL, connectionTimeoutMillis: 5_000 });
  // A connection that breaks while `fn` runs ends the session, and with it the lock; the error is
  // not left to end the process.
  session.on("error", () => undefined);
  await session.connect();
  try {
    const { rows } = await session.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok",
      [key],
    );
    if (!rows[0]?.ok) return undefined;
    return await fn();
  } finally {
    // Ending the session ends the lock; no unlock needed.
    await session.end().catch(() => undefined);
  }
}
