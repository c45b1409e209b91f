// Every language has every message, with the same placeholders: a key missing in one file or a
// "{count}" only one language passes would show a raw key or a broken sentence on a page.
import { describe, expect, it } from "vitest";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Top-level ICU argument names: "{count, plural, one {# order} other {# orders}}" → ["count"]. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  let depth = 0;
  for (let i = 0; i < message.length; i += 1) {
    if (message[i] === "{") {
      if (depth === 0) names.add(/^\{\s*(\w+)/.exec(message.slice(i))?.[1] ?? "");
      depth += 1;
    } else if (message[i] === "}") depth -= 1;
  }
  return [...names].sort();
}

const catalogues = { en, it: it_, de } as Record<string, Tree>;
const reference = flatten(catalogues.en as Tree);

describe("message catalogues", () => {
  for (const [lang, tree] of Object.entries(catalogues)) {
    const flat = flatten(tree);
    // English is the reference: comparing it with itself would prove nothing.
    if (lang !== "en")
      it(`${lang} has exactly the English keys`, () => {
        expect(
          [...flat.keys()].filter((k) => !reference.has(k)),
          "keys only in this language",
        ).toEqual([]);
        expect(
          [...reference.keys()].filter((k) => !flat.has(k)),
          "keys missing in this language",
        ).toEqual([]);
      });
    if (lang !== "en")
      it(`${lang} messages use the same placeholders as English`, () => {
        const wrong = [...reference].filter(
          ([k, v]) => flat.has(k) && placeholders(flat.get(k) ?? "").join() !== placeholders(v).join(),
        );
        expect(wrong.map(([k]) => k)).toEqual([]);
      });
    it(`${lang} has no empty message`, () => {
      expect([...flat].filter(([, v]) => v.trim() === "").map(([k]) => k)).toEqual([]);
    });
  }

  it("finds a key missing in one language", () => {
    const broken = flatten({ a: { b: "x" } });
    expect([...reference.keys()].some((k) => !broken.has(k))).toBe(true);
    expect(placeholders("{count, plural, one {# order} other {# orders}} for {name}")).toEqual(["count", "name"]);
  });
});
