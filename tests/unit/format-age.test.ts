// The support health page's queue ages: the number in the viewer's language.
import { describe, expect, it } from "vitest";
import { formatAge } from "@/app/ui/time-text";

const inLanguage = (locale: string) => (n: number) => new Intl.NumberFormat(locale).format(n);

describe("formatAge", () => {
  it("writes seconds, minutes and hours with the language's numbers", () => {
    expect(formatAge(null, inLanguage("en"))).toBe("—");
    expect(formatAge(45_000, inLanguage("de"))).toBe("45 s");
    expect(formatAge(12 * 60_000, inLanguage("it"))).toBe("12 min");
    expect(formatAge(9_000_000, inLanguage("en"))).toBe("2.5 h");
    expect(formatAge(9_000_000, inLanguage("it"))).toBe("2,5 h");
    expect(formatAge(9_000_000, inLanguage("de"))).toBe("2,5 h");
    expect(formatAge(36_000_000_000, inLanguage("de"))).toBe("10.000 h");
  });
});
