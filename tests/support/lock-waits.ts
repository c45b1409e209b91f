// Race tests hold a row or an advisory lock in a transaction of their own, start the code under
// test, and must know when that code has reached the lock before they let go: only then does the
// test decide the order of the two. Postgres says who waits for whom (pg_blocking_pids); these
// read it through the test's own database connection.
import { db } from "@/lib/db";

/**
 * How many backends wait behind `pid`: directly, or, `transitively`, also behind one that waits
 * (a third statement queued behind a second that waits for the test's lock).
 */
async function waitingBehind(pid: number, { transitively = false } = {}): Promise<number> {
  const [row] = transitively
    ? await db().$queryRaw<{ n: number }[]>`
        WITH RECURSIVE behind(pid) AS (
          SELECT pid FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))
          UNION
          SELECT a.pid FROM pg_stat_activity a JOIN behind b ON b.pid = ANY(pg_blocking_pids(a.pid)))
        SELECT count(*)::int AS n FROM behind`
    : await db().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
  return row!.n;
}

type Until = {
  /** The code under test: when it ends without having waited, there is nothing more to wait for. */
  work?: Promise<unknown>;
  /** How many backends must wait (counted transitively when more than one). */
  count?: number;
  timeoutMs?: number;
};

/**
 * Until `count` backends wait behind `pid` ("waiting"), or `work` ended first ("settled"): the code
 * under test either waits where the test holds it, or has gone through. Throws when neither
 * happened within `timeoutMs`.
 */
export async function untilWaitingBehind(
  pid: number,
  { work, count = 1, timeoutMs = 10_000 }: Until = {},
): Promise<"waiting" | "settled"> {
  let settled = false;
  void work?.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await waitingBehind(pid, { transitively: count > 1 })) >= count) return "waiting";
    if (settled) return "settled";
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`fewer than ${count} backends waited behind ${pid} within ${timeoutMs} ms`);
}
