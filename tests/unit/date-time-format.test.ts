// The list pages format their rows' times with one Intl.DateTimeFormat per language and zone
// (lib/i18n/date-time-format.ts) instead of next-intl's per-request formatter: the text must be
// exactly what next-intl's `format.dateTime(d, DATE_TIME)` shows on every other page.
import { createFormatter } from "next-intl";
import { describe, expect, it } from "vitest";
import { formatPortalDateTime, portalDateTimeFormat } from "@/lib/i18n/date-time-format";
import { DATE_TIME } from "@/lib/i18n/formats";
import { LOCALES } from "@/lib/i18n/locales";

const ZONES = ["UTC", "Europe/Rome", "America/New_York", "Asia/Kolkata", undefined];
const INSTANTS = [
  new Date("2026-12-02T07:42:50.828Z"),
  new Date("2026-03-29T00:59:59Z"), // just before Rome's summer time starts
  new Date("2026-03-29T01:00:00Z"),
  new Date("1999-12-31T23:59:59Z"),
];

function quietAboutNoZone(error: { code: string }): void {
  if (error.code !== "ENVIRONMENT_FALLBACK") throw error;
}

describe("formatPortalDateTime", () => {
  it("gives next-intl's text for every language and zone", () => {
    for (const locale of LOCALES)
      for (const timeZone of ZONES) {
        // Without a zone next-intl logs that it falls back to the machine's; that is the case tested.
        const format = createFormatter({ locale, timeZone, onError: quietAboutNoZone });
        for (const at of INSTANTS)
          expect(formatPortalDateTime(at, locale, timeZone)).toBe(format.dateTime(at, DATE_TIME));
      }
  });

  it("shows the zone it formatted in", () => {
    const at = new Date("2026-07-01T12:00:00Z");
    expect(formatPortalDateTime(at, "en", "Europe/Rome")).toContain("02:00:00 PM GMT+2");
    expect(formatPortalDateTime(at, "en", "UTC")).toMatch(/12:00:00 PM UTC$/);
  });

  it("makes one formatter per language and zone, not one per call", () => {
    expect(portalDateTimeFormat("de", "Europe/Berlin")).toBe(portalDateTimeFormat("de", "Europe/Berlin"));
    expect(portalDateTimeFormat("de", "Europe/Berlin")).not.toBe(portalDateTimeFormat("it", "Europe/Berlin"));
  });

  it("shows an invalid date as its text instead of failing the page", () => {
    expect(formatPortalDateTime(new Date(Number.NaN), "en", "UTC")).toBe("Invalid Date");
  });
});
