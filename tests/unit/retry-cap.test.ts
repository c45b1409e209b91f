// Property tests (fast-check) for the retry cap and the state machine's closure: the cap never
// ends blind, and a poison order always stops.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jobVersionOf, provisionJobId } from "@/lib/jobs/provision-job";
import { afterFailure, atStart, budgetSpent, RATE_LIMITED_PER_FAILURE } from "@/lib/orders/retry-cap";

describe("retry cap", () => {
  it("below the cap always retries; at or past it never retries", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 40 }), fc.boolean(), (max, n, may) => {
        const next = afterFailure(n, max, may);
        if (n < max) expect(next).toBe("retry");
        else expect(next).toBe(may ? "final-lookup" : "give-up");
        const start = atStart(n, max, may);
        if (n < max) expect(start.mode).toBe("normal");
      }),
    );
  });

  it("a maybe-applied order at the cap gets exactly one final lookup, then stops held; never fails blind", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 }), (max, extra) => {
        const n = max + extra;
        const start = atStart(n, max, true);
        if (extra === 0) expect(start).toEqual({ mode: "final-lookup" });
        else expect(start).toEqual({ mode: "stop", to: "held" });
        // Nothing may exist: the order fails without another call.
        expect(atStart(n, max, false)).toEqual({ mode: "stop", to: "failed" });
      }),
    );
  });

  it("rate-limited attempts spend the budget a quarter as fast, and a limit that never lifts still ends", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.boolean(), { maxLength: 200 }), (max, answers) => {
        // Each failed attempt: a 429 (true) or another transient failure (false), nothing sent.
        const a = { failed: 0, rateLimited: 0 };
        for (const limited of answers) {
          if (atStart(budgetSpent(a), max, false).mode === "stop") break;
          a[limited ? "rateLimited" : "failed"] += 1;
        }
        expect(a.failed).toBeLessThanOrEqual(max);
        expect(budgetSpent(a)).toBeLessThanOrEqual(max);
        // Only 429s: the order keeps trying for max × 4 of them, then stops.
        const only = { failed: 0, rateLimited: max * RATE_LIMITED_PER_FAILURE - 1 };
        expect(afterFailure(budgetSpent(only), max, false)).toBe("retry");
        expect(afterFailure(budgetSpent({ ...only, rateLimited: only.rateLimited + 1 }), max, false)).toBe("give-up");
      }),
    );
  });

  // The worker's counting of abandoned attempts is checked in ownership-retry-cap.test.ts; here
  // the loop counts them itself, to show the cap's arithmetic stops the order.
  it("stops within max + 2 runs when every attempt is abandoned and counted as a failure", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.boolean(), (max, mayExistFromStart) => {
        // Model: each run that reaches the upstream is abandoned (counted), whatever it was.
        let failures = 0;
        let mayExist = mayExistFromStart;
        for (let run = 1; run <= max + 2; run++) {
          const start = atStart(failures, max, mayExist);
          if (start.mode === "stop") return true;
          failures += 1;
          mayExist = true; // an abandoned create may have been sent
        }
        return false;
      }),
    );
  });
});

describe("job ids", () => {
  it("give back the order version they were made for", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(), (id, v) => {
        expect(jobVersionOf(provisionJobId(id, v))).toBe(v);
      }),
    );
    expect(jobVersionOf("repeat:abc")).toBeUndefined();
    expect(jobVersionOf(undefined)).toBeUndefined();
  });
});
