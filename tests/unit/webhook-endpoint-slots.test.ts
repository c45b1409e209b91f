// One receiver's share of a worker's webhook slots (docs/webhooks.md "Delivery"): at most half,
// so a slow receiver, or two, never hold every slot while other resellers' deliveries wait.
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
    for (const endpoint of ["slow-a", "slow-b"]) while (slots.take(endpoint)) taken++;
    expect(taken).toBeLessThan(3);
    slots.release("slow-a");
    expect(slots.take("slow-a")).toBe(true);
  });
});
