// The portal's client and the grommunio simulator each implement grommunio's name handling
// (docs/upstream/grommunio.md §5) on their own, so that a misreading cannot hide in both. This
// holds the two against each other: on names chosen to hit every rule, and on generated ones.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grommunioDomainName, pyIdnaEncode } from "@/lib/upstream/grommunio/idna";
import { idnaEncode, storedDomainName } from "@/simulators/grommunio/idna";

const TRICKY = [
  "example.com",
  "Example.COM",
  "example.com.",
  "1.2.3.4",
  "münchen.de",
  "München.de",
  "mÜnchen.de",
  "straße.de",
  "bücher.example",
  "日本語.jp",
  "αβγ.gr",
  "ü-ö.de",
  "xn--mnchen-3ya.de",
  "XN--MNCHEN-3YA.DE",
  "xn--zz.de",
  "xn--.de",
  "xn--a-.de",
  "a_b.com",
  "-bad.com",
  "bad-.com",
  "ab--cd.com",
  "ex..com",
  ".com",
  "localhost",
  "",
  "with space.com",
  "e\u0301xample.com", // not NFC
  "\u0301lead.com", // leading combining mark
  `${"a".repeat(63)}.com`,
  `${"a".repeat(64)}.com`,
  `${"ü".repeat(60)}.com`,
  "emoji😀.com",
  "ｅｘａｍｐｌｅ.com", // full-width: IDNA 2008 refuses what UTS 46 would map
  "ſtraße.de",
  "ʰello.com",
  "ドメイン.jp",
  "ｶﾀｶﾅ.jp", // half-width katakana
  "שלום.co.il",
  "tab\t.com",
];

describe("client and simulator IDNA agree", () => {
  it.each(TRICKY)("on %j", (name) => {
    expect(idnaEncode(name)).toBe(pyIdnaEncode(name));
    expect(storedDomainName(name)).toBe(grommunioDomainName(name));
  });

  it("on generated names mixing ASCII, accented, capital and punctuation characters", () => {
    const ch = fc.constantFrom(..."abzAZ09-_.üÜßéñαΩ日\u0301".split(""));
    fc.assert(
      fc.property(fc.array(ch, { minLength: 1, maxLength: 20 }), (chars) => {
        const name = chars.join("");
        expect(idnaEncode(name)).toBe(pyIdnaEncode(name));
        expect(storedDomainName(name)).toBe(grommunioDomainName(name));
      }),
      { numRuns: 2000 },
    );
  });
});
