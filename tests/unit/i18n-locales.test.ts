import { describe, expect, it } from "vitest";
import { negotiateLocale } from "@/lib/i18n/locales";
import { isTimeZone } from "@/lib/i18n/time-zone";

describe("negotiateLocale", () => {
  it("picks the browser's first supported language by weight", () => {
    expect(negotiateLocale("de-CH,de;q=0.9,en;q=0.8")).toBe("de");
    expect(negotiateLocale("fr-FR,fr;q=0.9,it;q=0.8,en;q=0.7")).toBe("it");
    expect(negotiateLocale("en;q=0.5,it;q=0.9")).toBe("it");
    expect(negotiateLocale("IT-it")).toBe("it");
  });
  it("falls back to English for nothing usable, and honours q=0", () => {
    expect(negotiateLocale(undefined)).toBe("en");
    expect(negotiateLocale("fr,es")).toBe("en");
    expect(negotiateLocale("de;q=0,it;q=0.1")).toBe("it");
    expect(negotiateLocale("*")).toBe("en");
  });
});

describe("isTimeZone", () => {
  it("accepts IANA zones and refuses anything else", () => {
    expect(isTimeZone("Europe/Rome")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });
});
