// IDNA rules of docs/upstream/grommunio.md §5, plus the names we refuse although the upstream would
// half-create them (a 500 after the row is committed).
import { describe, expect, it } from "vitest";
import { toIdnaAscii, toUnicode } from "@/lib/forms/idna";

const ok = (name: string) => {
  const r = toIdnaAscii(name);
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r;
};
const error = (name: string, maxLength?: number) => {
  const r = toIdnaAscii(name, { maxLength });
  if (r.ok) throw new Error(`${name} was accepted as ${r.ascii}`);
  return r.error;
};

describe("toIdnaAscii", () => {
  it("encodes non-ASCII labels like Python idna.encode", () => {
    expect(ok("münchen.de")).toEqual({ ok: true, ascii: "xn--mnchen-3ya.de", unicode: "münchen.de" });
    expect(ok("straße.de").ascii).toBe("xn--strae-oqa.de"); // IDNA 2008: ß is kept, not mapped to ss
    expect(ok("bücher.example.com").ascii).toBe("xn--bcher-kva.example.com");
  });

  it("keeps ASCII capitals as the upstream stores them, shows lower case", () => {
    expect(ok("Example.COM")).toEqual({ ok: true, ascii: "Example.COM", unicode: "example.com" });
  });

  it("accepts an already encoded name", () => {
    expect(ok("xn--mnchen-3ya.de")).toEqual({ ok: true, ascii: "xn--mnchen-3ya.de", unicode: "münchen.de" });
  });

  it("refuses what Python's idna raises on although each character is a letter, mark or digit (IDNA 2008)", () => {
    // Variant letters: full-width (typed with an input method), the long s, a modifier letter.
    expect(error("ｅｘａｍｐｌｅ.com")).toMatch(/"ｅｘａｍｐｌｅ" as "example"/);
    expect(error("ＥＸＡＭＰＬＥ.com")).toMatch(/"ＥＸＡＭＰＬＥ" as "example"/);
    expect(error("ſtraße.de")).toMatch(/as "straße"/);
    expect(error("ʰello.com")).toMatch(/as "hello"/);
    // The Bidi rule: a right-to-left label starts with a letter and mixes in no Latin ones.
    expect(error("aא.com")).toMatch(/right-to-left/);
    expect(error("אa.com")).toMatch(/right-to-left/);
    expect(error("١٢.com")).toMatch(/right-to-left/);
    expect(error("مثال١٢٣۴.com")).toMatch(/one kind/);
    // Its xn-- spelling is refused for the same reason, named with both spellings.
    expect(error("xn--a-0hc.com")).toMatch(/^"xn--a-0hc \(aא\)" breaks the rule for right-to-left/);
    expect(error("\u1100\u1100.kr")).toMatch(/holds U\+1100 ᄀ, a character domain names do not allow/);
    // What IDNA 2008 takes, right to left included.
    expect(ok("שלום.co.il").ascii).toBe("xn--9dbne9b.co.il");
    expect(ok("مثال.com").ascii).toBe("xn--mgbh0fb.com");
    expect(ok("مثال١٢.com").unicode).toBe("مثال١٢.com");
    expect(ok("שלום1.com").ascii).toBe("xn--1-9hcuf1d.com");
    expect(ok("παράδειγμα.gr").ascii).toBe("xn--hxajbheg2az3al.gr");
    expect(ok("ドメイン.jp").ascii).toBe("xn--eckwd4c7c.jp");
    expect(ok("한국.kr").ascii).toBe("xn--3e0b707e.kr");
    expect(ok("हिन्दी.in").ascii).toBe("xn--j2bd4cyah0f.in");
  });

  it("takes what RFC 5892 allows by exception or in context, typed and in xn-- spelling", () => {
    const cases = [
      ["col·legi.cat", "xn--collegi-xma.cat"], // middle dot between two l's
      ["ジャパン・ネット.jp", "xn--yckwapst1izeuc.jp"], // Katakana middle dot among kana
      ["می\u200cخواهم.ir", "xn--mgbn2ecje63gr19l.ir"], // zero-width non-joiner between joining letters
      ["क्\u200dष.in", "xn--11b2ezcw70k.in"], // zero-width joiner after a virama
      ["α͵β.gr", "xn--wva3je.gr"], // Greek keraia before a Greek letter
      ["א׳.il", "xn--4db4e.il"], // Hebrew geresh after a Hebrew letter
      ["བོད་ཡིག.cn", "xn--nbd4itbt1dwfyc.cn"], // Tibetan tsheg (exception, PVALID)
      ["〇〇.jp", "xn--w6ja.jp"], // ideographic zero (exception, PVALID)
      ["ᏰᏱ.com", "xn--gcec.com"], // Cherokee capitals: case folding keeps them, so they are PVALID
    ] as const;
    for (const [typed, ascii] of cases) {
      expect(ok(typed).ascii, typed).toBe(ascii);
      expect(ok(ascii), ascii).toEqual({ ok: true, ascii, unicode: typed });
    }
  });

  it("refuses what RFC 5892's derived property leaves out although JavaScript calls it a letter or mark", () => {
    // Cherokee small letters: case folding turns them into the capitals.
    expect(error("ᏸᏹ.com")).toMatch(/^Write "ᏸᏹ" as "ᏰᏱ"/);
    expect(error("xn--ocec.com")).toMatch(/^Write "xn--ocec \(ᏸᏹ\)" as "ᏰᏱ"/);
    // An invisible character and a mark of the block for symbols.
    expect(error("a\u034fb.com")).toMatch(/holds U\+034F, a character domain names do not allow/);
    expect(error("xn--xy-gku.com")).toMatch(/^"xn--xy-gku \(x⃝y\)" holds U\+20DD, a character/);
    // Letters the portal's form took as lower case: the Greek ypogegrammeni folds to iota.
    expect(error("ᾳ.gr")).toMatch(/as "αι"/);
  });

  it("says which context rule a joiner, dot or sign breaks", () => {
    expect(error("l·m.cat")).toMatch(/U\+00B7 · where .* between two l's/);
    expect(error("a・b.jp")).toMatch(/U\+30FB ・ where .* Japanese kana or Chinese characters/);
    expect(error("͵a.gr")).toMatch(/U\+0375 ͵ where .* before a Greek letter/);
    expect(error("a׳.il")).toMatch(/U\+05F3 ׳ where .* follow a Hebrew letter/);
    expect(error("ا\u200cب.ir")).toMatch(/U\+200C where .* follow a virama/); // alef does not join onward
    expect(error("ب\u200dب.ir")).toMatch(/U\+200D where .* follow a virama/);
  });

  it("refuses a character newer than the Unicode data of Python's runtime, which its idna refuses", () => {
    expect(error("a\u{11F00}b.com")).toMatch(/U\+11F00, .* after version 14\.0/);
  });

  it("rejects capitals in names that need encoding (IDNA 2008)", () => {
    expect(error("München.de")).toMatch(/lower case/);
    expect(error("mÜnchen.de")).toMatch(/lower case/);
  });

  it("rejects what the upstream refuses", () => {
    expect(error("localhost")).toMatch(/full domain name/);
    expect(error("a_b.com")).toMatch(/letters, digits and hyphens/);
    expect(error("a b.com")).toMatch(/letters, digits and hyphens/);
    expect(error("")).toMatch(/Enter a domain name/);
    expect(error("😀.com")).toMatch(/letters, digits and hyphens/);
  });

  it("rejects names the upstream would half-create", () => {
    expect(error("-bad.com")).toMatch(/hyphen/);
    expect(error("bad-.com")).toMatch(/hyphen/);
    expect(error("ex..com")).toMatch(/empty part/);
    expect(error(".example.com")).toMatch(/empty part/);
    expect(error("ab--cd.com")).toMatch(/3rd and 4th/);
    expect(error("xn--zz.com")).toMatch(/not a valid IDNA/);
  });

  it("names a wide or ideographic full stop, as Japanese input methods type it, as what to fix", () => {
    expect(error("例え。jp")).toMatch(/plain full stop/);
    expect(error("ｅｘａｍｐｌｅ．ｃｏｍ")).toMatch(/plain full stop/);
    expect(error("bücher｡de")).toMatch(/plain full stop/);
  });

  it("refuses an encoded label that typing its letters would not give: grommunio could store it but never show it", () => {
    // "mu" + combining diaeresis + "nchen", not in NFC (typed, it becomes xn--mnchen-3ya).
    expect(error("xn--munchen-gie.de")).toMatch(/not a valid IDNA/);
    // Starts with a combining mark; a hyphen at the start; hyphens in the 3rd and 4th places.
    expect(error("xn--abc-joa59w.de")).toMatch(/not a valid IDNA/);
    expect(error("xn---mnchen-o2a.de")).toMatch(/not a valid IDNA/);
    expect(error("xn--m--nchen-65a.de")).toMatch(/not a valid IDNA/);
    // Decodes to plain letters, which are written as they are.
    expect(error("xn--abc-.de")).toMatch(/not a valid IDNA/);
    // The encoding of a name typed in letters is taken, in capitals too.
    expect(ok("XN--MNCHEN-3YA.de").ascii).toBe("XN--MNCHEN-3YA.de");
  });

  it("refuses a trailing dot and IP addresses, which are not mail domains", () => {
    expect(error("example.com.")).toMatch(/trailing dot/);
    expect(error("1.2.3.4")).toMatch(/IP address/);
  });

  it("counts the length after encoding", () => {
    const name = "äöüßéèêëàâîïôùûçñ.de"; // 20 characters, 30 once encoded
    expect(toIdnaAscii(name)).toMatchObject({ ok: true });
    expect(error(name, 25)).toMatch(/at most 25 characters once encoded/);
    expect(error(`${"a".repeat(64)}.com`, 253)).toMatch(/63 characters/);
    expect(error(`${"a".repeat(61)}.com`)).toMatch(/at most 64/);
    expect(ok(`${"a".repeat(60)}.com`).ascii).toHaveLength(64);
    expect(ok(`${"a".repeat(60)}.de`).ascii).toHaveLength(63);
  });

  it("trims and normalizes to NFC before encoding", () => {
    expect(ok("  münchen.de ").ascii).toBe("xn--mnchen-3ya.de");
    expect(ok("mu\u0308nchen.de").ascii).toBe("xn--mnchen-3ya.de"); // u + combining diaeresis
  });
});

describe("toUnicode", () => {
  it("decodes xn-- labels and lower-cases the rest", () => {
    expect(toUnicode("XN--MNCHEN-3YA.DE")).toBe("münchen.de");
    expect(toUnicode("Example.COM")).toBe("example.com");
  });
});
