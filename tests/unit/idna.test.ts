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
    expect(error("xn--a-0hc.com")).toMatch(/not a valid IDNA/);
    expect(error("\u1100\u1100.kr")).toMatch(/old Hangul/);
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
