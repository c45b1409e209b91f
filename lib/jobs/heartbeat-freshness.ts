// How old a worker heartbeat may be. Its own file, free of the session guards: the worker's
// metrics use it, and the worker must not load the web's session code (next-auth, next).
import { env } from "@/lib/env";

/** A worker whose heartbeat is older than this is presumed gone: five missed beats, at least 10 s. */
export function heartbeatFreshMs(): number {
  return Math.max(5 * env().WORKER_HEARTBEAT_MS, 10_000);
}
