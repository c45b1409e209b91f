// Work a request starts and leaves running after its answer (a failed sign-in's audit:
// lib/auth/sign-in.ts). The web server's shutdown (scripts/server.mjs) waits for it before the
// process exits, within its grace, so a stop or a deploy does not drop it unlogged. Kept on
// globalThis under a registered symbol: the server script is plain JavaScript outside the Next.js
// build and reaches it by that name.
const KEY = Symbol.for("portal.workAfterAnswer");

function pending(): Set<Promise<void>> {
  const g = globalThis as { [KEY]?: Set<Promise<void>> };
  g[KEY] ??= new Set();
  return g[KEY];
}

/** Keeps `work` until it settles; it must not reject (log its own failure). */
export function trackAfterAnswer(work: Promise<void>): void {
  const set = pending();
  set.add(work);
  void work.finally(() => set.delete(work));
}

/** Resolves once the work started so far has settled. */
export async function workAfterAnswerDone(): Promise<void> {
  await Promise.allSettled([...pending()]);
}
