// Transaction-scoped advisory locks, named by a text key: what serialises work that has no row of
// its own to lock (a reseller's limit, one name being ordered, a cap on tokens or endpoints). The
// lock ends with the transaction that took it.
import { Prisma } from "@/lib/db";

/**
 * The statement that takes the lock on `key`: `shared` for work that never conflicts with other
 * shared holders (only with an `alone` one), `alone` for work that conflicts with any.
 */
export const lockOn = (key: string, mode: "shared" | "alone" = "alone") =>
  mode === "shared"
    ? Prisma.sql`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))) l`
    : Prisma.sql`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))) l`;
