import { describe, expect, it } from "vitest";
import { backoffDelayMs, RETRY_AFTER_CEILING_MS } from "@/lib/orders/backoff";

const s = { baseMs: 100, maxMs: 1_000 };

describe("retry backoff", () => {
  it("grows exponentially up to the cap, before jitter", () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(1, s, undefined, top)).toBe(99);
    expect(backoffDelayMs(2, s, undefined, top)).toBe(199);
    expect(backoffDelayMs(3, s, undefined, top)).toBe(399);
    expect(backoffDelayMs(5, s, undefined, top)).toBe(999);
    expect(backoffDelayMs(500, s, undefined, top)).toBe(999);
  });

  it("spreads delays over the whole window (full jitter)", () => {
    expect(backoffDelayMs(4, s, undefined, () => 0)).toBe(0);
    const seen = new Set(Array.from({ length: 200 }, () => backoffDelayMs(4, s)));
    expect(seen.size).toBeGreaterThan(50);
    for (const d of seen) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });

  it("never retries earlier than the upstream's Retry-After, even past the retry maximum", () => {
    const wide = { baseMs: 100, maxMs: 60_000 };
    expect(backoffDelayMs(1, wide, 5_000, () => 0.5)).toBe(5_000);
    expect(backoffDelayMs(4, s, 10, () => 0.5)).toBe(400);
    // A rate limit asking for longer than the backoff's own maximum is still honoured.
    expect(backoffDelayMs(1, s, 1_500, () => 0)).toBe(1_500);
    expect(backoffDelayMs(1, s, 20 * 60_000, () => 0)).toBe(20 * 60_000);
  });

  it("waits no longer than an hour (or the retry maximum, if longer), whatever Retry-After asks", () => {
    // A year in seconds, or a far-future HTTP date: the order comes back at the ceiling.
    const year = 365 * 24 * 3_600_000;
    expect(backoffDelayMs(1, s, year, () => 0.5)).toBe(RETRY_AFTER_CEILING_MS);
    const longer = { baseMs: 100, maxMs: 2 * RETRY_AFTER_CEILING_MS };
    expect(backoffDelayMs(1, longer, year, () => 0)).toBe(2 * RETRY_AFTER_CEILING_MS);
  });
});
