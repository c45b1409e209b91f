// How old a worker heartbeat may be. Its own file, free of the session guards: the worker's
// metrics use it, and the worker must not load the web's session code (next-auth, next).
import { Prisma } from "@/lib/db";
import { env } from "@/lib/env";

/** A worker whose heartbeat is older than this is presumed gone: five missed beats, at least 10 s. */
function heartbeatFreshMs(): number {
  return Math.max(5 * env().WORKER_HEARTBEAT_MS, 10_000);
}

/**
 * Whether a heartbeat row is fresh, by the database's clock: a worker writes `last_seen` with the
 * database's now() (workers/heartbeat.ts), so a host whose clock runs ahead or behind would
 * otherwise call every worker gone, or a gone one alive.
 */
export function freshHeartbeat(): Prisma.Sql {
  return Prisma.sql`last_seen >= now() - make_interval(secs => ${heartbeatFreshMs() / 1000}::double precision)`;
}
