// Support's audit list: "From" and "Until" are typed as wall times (datetime-local boxes) and mean
// the viewer's zone, the one the table shows times in; "Until" takes in its whole minute.
import { describe, expect, it } from "vitest";
import { wallTimeIn } from "@/lib/i18n/time-zone";
import { auditFiltersIn, parseAuditFilters } from "@/lib/support/audit-query";

describe("audit time filters", () => {
  it("reads a typed time in the viewer's zone, in winter and in summer", () => {
    const winter = auditFiltersIn(
      parseAuditFilters({ from: "2026-12-01T10:00", to: "2026-12-01T11:30" }),
      "Europe/Rome",
    );
    expect(winter.from).toBe("2026-12-01T09:00:00.000Z");
    // Until 11:30 includes the events of 11:30:59 the table shows as 11:30.
    expect(winter.to).toBe("2026-12-01T10:30:59.999Z");
    expect(auditFiltersIn(parseAuditFilters({ from: "2026-07-01T10:00" }), "Europe/Rome").from).toBe(
      "2026-07-01T08:00:00.000Z",
    );
    expect(auditFiltersIn(parseAuditFilters({ from: "2026-12-01T10:00" }), "America/New_York").from).toBe(
      "2026-12-01T15:00:00.000Z",
    );
  });

  it("takes a time with its own zone, or with seconds, as written", () => {
    const f = auditFiltersIn(
      parseAuditFilters({ from: "2026-12-01T10:00:00Z", to: "2026-12-01T10:00:30" }),
      "Europe/Rome",
    );
    expect(f.from).toBe("2026-12-01T10:00:00Z");
    expect(f.to).toBe("2026-12-01T09:00:30.000Z");
  });

  it("keeps the typed filters for the page's boxes and links", () => {
    const typed = parseAuditFilters({ from: "2026-12-01T10:00", action: "order." });
    auditFiltersIn(typed, "Europe/Rome");
    expect(typed).toMatchObject({ from: "2026-12-01T10:00", action: "order." });
  });

  it("is not a wall time: anything else", () => {
    expect(wallTimeIn("yesterday", "UTC")).toBeUndefined();
    expect(wallTimeIn("2026-12-01", "UTC")).toBeUndefined();
  });
});
