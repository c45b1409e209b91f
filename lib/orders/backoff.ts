// Retry delays: exponential backoff with full jitter (uniform in [0, min(max, base·2^(n-1))]),
// so many orders failing together do not come back together. A Retry-After from the upstream is
// a floor: we never call earlier than the upstream asked.

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
  return retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
}
