import { describe, expect, it } from "vitest";
import { floorShare } from "@/lib/i18n/formats";

describe("floorShare", () => {
  it("never rounds a share up to a whole 100 %", () => {
    expect(floorShare(0.996)).toBe(0.996);
    expect(floorShare(0.9996)).toBe(0.999);
    expect(floorShare(999 / 1000)).toBe(0.999);
    expect(floorShare(1)).toBe(1);
    expect(new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(floorShare(0.9996))).toBe(
      "99.9%",
    );
  });
  it("clamps nonsense to 0..1", () => {
    expect(floorShare(Number.NaN)).toBe(0);
    expect(floorShare(-0.2)).toBe(0);
    expect(floorShare(1.5)).toBe(1);
  });
});
