// One receiver's share of a worker's webhook slots (docs/webhooks.md "Delivery"): at most half,
// so a slow receiver, or two, never hold every slot while other resellers' deliveries wait; and
// one reseller's endpoints together no more than one endpoint may.
import { describe, expect, it } from "vitest";
import { EndpointSlots, perEndpointCap } from "@/lib/webhooks/endpoint-slots";

describe("a webhook endpoint's share of the slots", () => {
  it("is at most half the slots, and at least one", () => {
    for (let concurrency = 1; concurrency <= 40; concurrency++) {
      const cap = perEndpointCap(concurrency);
      expect(cap).toBeGreaterThanOrEqual(1);
      if (concurrency >= 2) expect(cap * 2, `concurrency ${concurrency}`).toBeLessThanOrEqual(concurrency);
    }
    expect(perEndpointCap(10)).toBe(5);
  });

  it("leaves a slot free when two slow receivers take all they may, with three slots", () => {
    const slots = new EndpointSlots(perEndpointCap(3));
    let taken = 0;
    for (const [endpoint, reseller] of [
      ["slow-a", "reseller-a"],
      ["slow-b", "reseller-b"],
    ] as const)
      while (slots.take(endpoint, reseller)) taken++;
    expect(taken).toBeLessThan(3);
    slots.release("slow-a", "reseller-a");
    expect(slots.take("slow-a", "reseller-a")).toBe(true);
  });

  it("gives one reseller's endpoints together one endpoint's share, whatever their number", () => {
    const slots = new EndpointSlots(perEndpointCap(10));
    let taken = 0;
    // Production and staging (and more) of one reseller, all on a receiver that never answers.
    for (const endpoint of ["prod", "staging", "eu", "us"]) while (slots.take(endpoint, "one-reseller")) taken++;
    expect(taken).toBe(5);
    // Another reseller still finds its share.
    let others = 0;
    while (slots.take("theirs", "another-reseller")) others++;
    expect(others).toBe(5);
    // A send of the first reseller that ends frees a slot for any of its endpoints.
    slots.release("prod", "one-reseller");
    expect(slots.take("us", "one-reseller")).toBe(true);
    expect(slots.take("eu", "one-reseller")).toBe(false);
  });

  it("lets at most half the slots go on with a backlog, and keeps one of each reseller's free of it", () => {
    const slots = new EndpointSlots(perEndpointCap(10), 10);
    // One reseller's backlog: four of its five slots may go on sending, the fifth turns over.
    let first = 0;
    while (slots.startPump("endpoint-a", "backlog-a")) first++;
    expect(first).toBe(4);
    // A second reseller's backlog gets what is left of the process's half: one.
    let second = 0;
    while (slots.startPump("endpoint-b", "backlog-b")) second++;
    expect(second).toBe(1);
    expect(slots.startPump("endpoint-c", "a-third")).toBe(false);
    // One ends; the next may go on.
    slots.endPump("endpoint-a", "backlog-a");
    expect(slots.startPump("endpoint-c", "a-third")).toBe(true);
    // With one slot per endpoint of two, a backlog may still go on in one; with one slot in all, none does.
    expect(new EndpointSlots(perEndpointCap(2), 2).startPump("only", "r")).toBe(true);
    expect(new EndpointSlots(perEndpointCap(1), 1).startPump("only", "r")).toBe(false);
  });

  it("names the endpoints and resellers with all their slots in flight, for the dispatcher to pass over", () => {
    const slots = new EndpointSlots(2);
    expect(slots.atCap()).toEqual({ endpoints: [], resellers: [] });
    slots.take("e1", "r1");
    expect(slots.atCap()).toEqual({ endpoints: [], resellers: [] });
    slots.take("e2", "r1");
    expect(slots.atCap()).toEqual({ endpoints: [], resellers: ["r1"] });
    slots.take("e3", "r2");
    slots.take("e3", "r2");
    expect(slots.atCap()).toEqual({ endpoints: ["e3"], resellers: ["r1", "r2"] });
    slots.release("e3", "r2");
    expect(slots.atCap()).toEqual({ endpoints: [], resellers: ["r1"] });
    // An endpoint going on with its backlog here: its rows are left to that, not claimed.
    expect(slots.startPump("e1", "r1")).toBe(true);
    expect(slots.atCap()).toEqual({ endpoints: ["e1"], resellers: ["r1"] });
    slots.endPump("e1", "r1");
    expect(slots.atCap()).toEqual({ endpoints: [], resellers: ["r1"] });
  });
});
