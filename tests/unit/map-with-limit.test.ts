// mapWithLimit (lib/map-with-limit.ts): the answer in the list's order, never more calls in
// flight than the limit, and every item called once.
import { describe, expect, it } from "vitest";
import { mapWithLimit } from "@/lib/map-with-limit";

describe("mapWithLimit", () => {
  it("keeps the order, holds the limit and calls each item once", async () => {
    let inFlight = 0;
    let most = 0;
    const calls: number[] = [];
    const items = Array.from({ length: 11 }, (_, i) => i);
    const out = await mapWithLimit(items, 3, async (n) => {
      calls.push(n);
      inFlight++;
      most = Math.max(most, inFlight);
      // Later items finish sooner, so the answers come back out of order.
      await new Promise((r) => setTimeout(r, (11 - n) * 2));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual(items.map((n) => n * 10));
    expect(most).toBe(3);
    expect([...calls].sort((a, b) => a - b)).toEqual(items);
  });

  it("answers an empty list, and a failure rejects the whole", async () => {
    expect(await mapWithLimit([], 4, async () => 1)).toEqual([]);
    await expect(
      mapWithLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error("provider down");
        return n;
      }),
    ).rejects.toThrow("provider down");
  });
});
