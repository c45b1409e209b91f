// Retry delays: exponential backoff with full jitter (uniform in [0, min(max, base·2^(n-1))]),
// so many orders failing together do not come back together. A Retry-After from the upstream is
// a floor: we never call earlier than the upstream asked — up to the retry maximum. A Retry-After
// beyond it (a year in seconds, a far-future HTTP date, a proxy's mistake) would park the order
// for that long, unseen; it waits the maximum instead, and the retry cap counts the attempt as
// any other (docs/reliability.md "Retry-After").

export type BackoffSettings = { baseMs: number; maxMs: number };

/** `failures` counts the failed attempts so far, starting at 1. */
export function backoffDelayMs(
  failures: number,
  s: BackoffSettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(s.maxMs, s.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  const jittered = Math.floor(random() * exp);
  if (retryAfterMs === undefined || !(retryAfterMs > jittered)) return jittered;
  return Math.min(retryAfterMs, s.maxMs);
}
