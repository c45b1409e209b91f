import { describe, expect, it } from "vitest";
import { byteOptions, formatBytes } from "@/lib/format/bytes";
import { DOMAIN_QUOTA_BYTES, MANAGER_QUOTA_BYTES } from "@/lib/orders/schemas/quotas";

describe("formatBytes", () => {
  it("labels the upstream quota values the way the upstream does", () => {
    expect(formatBytes(52428800)).toBe("50 MB");
    expect(formatBytes(1073741824)).toBe("1 GB");
    expect(formatBytes(17179869184)).toBe("16 GB");
    expect(formatBytes(107374182400)).toBe("100 GB");
  });

  it("shows small and fractional sizes readably", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(1610612736)).toBe("1.5 GB");
  });

  it("gives every quota option a distinct label, in order", () => {
    const labels = byteOptions(MANAGER_QUOTA_BYTES).map((o) => o.label);
    expect(labels).toEqual([
      "50 MB",
      "1 GB",
      "2 GB",
      "3 GB",
      "4 GB",
      "5 GB",
      "6 GB",
      "7 GB",
      "8 GB",
      "16 GB",
      "25 GB",
      "50 GB",
      "100 GB",
    ]);
    expect(DOMAIN_QUOTA_BYTES).not.toContain(107374182400);
  });
});
