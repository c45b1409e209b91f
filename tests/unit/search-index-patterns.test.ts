import { describe, expect, it } from "vitest";
import { commonAmong, indexPatterns } from "@/lib/search/common-trigrams";

const COMMON = new Set(["sho", "hop", "op1", ".ex", "exa", "xam", "amp", "mpl", "ple"]);

describe("indexPatterns", () => {
  it("asks for the runs of the term without common sequences", () => {
    expect(indexPatterns("shop1245.", COMMON)).toEqual(["%p1245.%"]);
    expect(indexPatterns("Shop1245.example", COMMON)).toEqual(["%p1245.e%"]);
    expect(indexPatterns("ab.example.cd", COMMON)).toEqual(["%ab.e%", "%le.cd%"]);
  });

  it("asks with the whole term when no sequence is common, or when all are", () => {
    expect(indexPatterns("bücher", COMMON)).toEqual([]);
    expect(indexPatterns("shop", COMMON)).toEqual([]);
    expect(indexPatterns("ab", COMMON)).toEqual([]);
  });

  it("cuts between characters, never inside one, and keeps wildcards literal", () => {
    // "ü" as two code points (u + combining diaeresis) is normalized first; an astral character stays whole.
    expect(indexPatterns("shop-bu\u0308cher", COMMON)).toEqual(["%op-bücher%"]);
    expect(indexPatterns("shop😀x", COMMON)).toEqual(["%op😀x%"]);
    expect(indexPatterns("shop50%_", COMMON)).toEqual(["%op50\\%\\_%"]);
  });
});

describe("commonAmong", () => {
  it("counts a sequence once per name and keeps those in more than a tenth of them", () => {
    const names = [
      ...Array.from({ length: 180 }, (_, i) => `x${i}.net`),
      ...Array.from({ length: 20 }, (_, i) => `y${i}.de y${i}.de`),
    ];
    const common = commonAmong(names);
    expect(common.has(".ne")).toBe(true);
    expect(common.has("net")).toBe(true);
    // In 20 of 200 names, twice in each: a tenth exactly, not more.
    expect(common.has(".de")).toBe(false);
    expect(common.has("x1")).toBe(false);
  });

  it("judges nothing common from too few names", () => {
    expect(commonAmong(Array.from({ length: 50 }, () => "same.example"))).toEqual(new Set());
  });
});
