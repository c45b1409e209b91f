// Property test (fast-check) of the attempt logic against the real database and the Qboxmail
// simulator over HTTP: whatever mix of faults (before the handler, after it committed, lost
// answers, timeouts), duplicate deliveries and stale deliveries an order meets, once the world is
// quiet again and the order has run to its end:
// - at most one upstream resource exists for its name (never a second create);
// - a succeeded order holds exactly that resource's reference;
// - an order never ends "failed" while a resource it created exists upstream (it adopts it, or a
//   person is asked with "held"): the portal never loses track of what it made;
// - a stale delivery (older order version) changes nothing.
// docs/reliability.md states these rules; the scenario tests beside this file pin each one down.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { provisionOrder } from "@/workers/processors/provision-order";
import { inProcessContext, orderRow, placeOrThrow, runWhenDue } from "./ownership-kit";
import { clearFaults, fault, fileTenant, forms, ledgerFor, uniq } from "./pipeline-fixtures";

const CREATE = { method: "POST", path: "/api/domains" };
const faults = {
  "429 before the handler": { ...CREATE, action: "status", status: 429, retryAfter: 0 },
  "502 page before the handler": { ...CREATE, action: "status", status: 502, html: true },
  "500 after commit": { ...CREATE, action: "status-after-commit", status: 500 },
  "answer lost after commit": { ...CREATE, action: "drop-after-commit" },
  "connection dropped before the handler": { ...CREATE, action: "drop-before" },
  "answer slower than the timeout": { ...CREATE, action: "delay", ms: 1_800 },
  "lookup answer lost": { method: "GET", action: "drop-before" },
} as const;
type FaultName = keyof typeof faults;

type Step = { t: "fault"; f: FaultName } | { t: "run" } | { t: "duplicate" } | { t: "stale" };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(...(Object.keys(faults) as FaultName[])).map((f) => ({ t: "fault" as const, f })),
  fc.constant({ t: "run" as const }),
  fc.constant({ t: "duplicate" as const }),
  fc.constant({ t: "stale" as const }),
);

const ENDED = ["succeeded", "failed", "held", "cancelled"];
// Runs come when the order is due, as a worker's would: a create that timed out is looked up only
// after a wait longer than the slowest answer below takes to land, as the worker's
// lookupDelayMs (lib/orders/timing.ts) makes it; without it the lookup finds nothing and the
// create is sent again beside the one still on its way.
const ctx = inProcessContext({ maxAttempts: 4, unknownLookupDelayMs: 2_000 });
const t = fileTenant();

describe("attempt logic under faults, duplicates and stale deliveries", () => {
  it("never creates twice, never loses track, and ignores stale deliveries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        await clearFaults();
        const name = `prop${uniq()}.example.com`;
        const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
        for (const s of steps) {
          const o = await orderRow(id);
          if (ENDED.includes(o.status)) break;
          if (s.t === "fault") await fault("qboxmail", { ...faults[s.f], count: 1 });
          else if (s.t === "run") await runWhenDue(id, ctx);
          // The same job delivered twice at once: both runs race for the order row.
          else if (s.t === "duplicate") await Promise.all([runWhenDue(id, ctx), runWhenDue(id, ctx)]);
          else if (o.version > 0) {
            expect(await provisionOrder(id, ctx, o.version - 1)).toBe("skipped");
            expect(await orderRow(id)).toMatchObject({ status: o.status, version: o.version });
          }
        }
        // The world goes quiet; the order runs until it ends (a worker would, after its backoffs).
        await clearFaults();
        for (let i = 0; i < 12 && !ENDED.includes((await orderRow(id)).status); i++) await runWhenDue(id, ctx);
        const end = await orderRow(id);
        const { created, duplicates } = await ledgerFor("qboxmail", name);
        expect(ENDED, `ended as ${end.status}`).toContain(end.status);
        expect(created.length, "upstream resources for the name").toBeLessThanOrEqual(1);
        // The simulator refuses a second create of a taken name, so `created` alone cannot show
        // one: a create sent again after the resource existed is counted here.
        expect(duplicates, "creates sent again once the name existed").toEqual([]);
        if (end.status === "succeeded") expect(end.upstreamRef).toBe(created[0]?.ref);
        if (created.length === 1) expect(["succeeded", "held"]).toContain(end.status);
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
