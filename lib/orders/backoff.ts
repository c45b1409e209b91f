// Retry delays: exponential backoff with full jitter (uniform in [0, min(max, base·2^(n-1))]),
// so many orders failing together do not come back together. A Retry-After from the upstream is
// a floor: we never call earlier than the upstream asked, up to an hour (or the retry maximum,
// when that is longer). A larger one (a year in seconds, a far-future HTTP date, a proxy's
// mistake) would park the order for that long, unseen; it waits that ceiling instead, and the
// retry cap counts the attempt as it counts any 429 or 503 (docs/reliability.md "Retry-After").

/** The longest Retry-After honoured as asked, unless RETRY_MAX_MS is longer still. */
export const RETRY_AFTER_CEILING_MS = 3_600_000;

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
  return Math.min(retryAfterMs, Math.max(s.maxMs, RETRY_AFTER_CEILING_MS));
}
