// The customer form's schema (lib/customers/schemas.ts), which the page and the API share.
import { describe, expect, it } from "vitest";
import { customerSchema } from "@/lib/customers/schemas";
import { readRowVersions } from "@/lib/forms/row-version";

describe("the customer schema", () => {
  it("takes an internationalised address as the order forms do, its domain kept in IDNA ASCII", () => {
    const cases = [
      ["info@пример.рф", "info@xn--e1afmkfd.xn--p1ai"],
      ["info@example.xn--p1ai", "info@example.xn--p1ai"],
      ["Anne.Smith@münchen.de", "Anne.Smith@xn--mnchen-3ya.de"],
      // IDNA 2008 context rules: the Catalan middle dot, a Persian zero-width non-joiner.
      ["info@col·legi.cat", "info@xn--collegi-xma.cat"],
      ["info@می\u200cخواهم.ir", "info@xn--mgbn2ecje63gr19l.ir"],
      [" billing@dolomiti.example ", "billing@dolomiti.example"],
      // Every character RFC 5322 allows in an unquoted local part.
      ["sales&info@example.com", "sales&info@example.com"],
      ["user=eu+tag@example.com", "user=eu+tag@example.com"],
      ["o'neil@example.com", "o'neil@example.com"],
      ["a/b~c{d}|e^f`g!h#i$j%k*l?m@example.com", "a/b~c{d}|e^f`g!h#i$j%k*l?m@example.com"],
    ] as const;
    for (const [typed, kept] of cases)
      expect(customerSchema.parse({ name: "Acme", email: typed }).email, typed).toBe(kept);
  });

  it("counts characters as the person does: a line break or an emoji is one, and notes keep LF", () => {
    // 160 lines of 11 characters: 1,919 characters with their line breaks, 2,078 UTF-16 units as a form sends them.
    const lines = Array.from({ length: 160 }, (_, i) => `line ${String(i).padStart(4, "0")}:a`);
    const parsed = customerSchema.parse({ name: "Acme", notes: lines.join("\r\n") });
    expect(parsed.notes).toBe(lines.join("\n"));
    expect(parsed.notes?.length).toBe(1919);
    expect(customerSchema.parse({ name: "🏔️".repeat(40) }).name).toBe("🏔️".repeat(40));
    expect(customerSchema.parse({ name: "𝒜".repeat(120) }).name).toBe("𝒜".repeat(120));
    const long = customerSchema.safeParse({ name: "𝒜".repeat(121), notes: "x".repeat(2001) });
    expect(long.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["name", "Use at most 120 characters"],
      ["notes", "Use at most 2000 characters"],
    ]);
  });

  it("leaves a blank or null address out, and refuses one that is none with the order forms' message", () => {
    for (const blank of ["", "  ", null, undefined])
      expect(customerSchema.parse({ name: "Acme", email: blank }).email).toBeUndefined();
    const r = customerSchema.safeParse({ name: "Acme", email: "not-an-email" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("Enter an e-mail address such as name@example.com");
    // Dots only between characters, and nothing RFC 5322 keeps for quoted addresses.
    for (const none of [
      ".a@example.com",
      "a.@example.com",
      "a..b@example.com",
      "a b@example.com",
      'a"b@example.com',
      "a,b@example.com",
      "a@b@example.com",
      "a@example",
      // A host name's labels: 1 to 63 characters, no hyphen at either end.
      "x@shop-.com",
      "x@-shop.com",
      `x@${"a".repeat(64)}.com`,
    ])
      expect(customerSchema.safeParse({ name: "Acme", email: none }).success, none).toBe(false);
    for (const longest of [`${"a".repeat(64)}@example.com`, `x@${"a".repeat(63)}.com`, "x@shop-1.com"])
      expect(customerSchema.parse({ name: "Acme", email: longest }).email, longest).toBe(longest);
    // The part before "@" has at most 64 characters (RFC 5321), said as such.
    const long = customerSchema.safeParse({ name: "Acme", email: `${"a".repeat(65)}@example.com` });
    expect(long.error?.issues.map((i) => i.message)).toEqual(["Use at most 64 characters before the @"]);
  });

  it("reads the version an editor saw from the form's ISO time or the ETag's milliseconds, and nothing else", () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    expect(readRowVersions(at.toISOString())).toEqual([at.getTime()]);
    expect(readRowVersions(String(at.getTime()))).toEqual([at.getTime()]);
    expect(readRowVersions(at)).toEqual([at.getTime()]);
    expect(readRowVersions(["1", "2"])).toEqual([1, 2]);
    for (const none of [null, undefined, "", "yesterday", "1e3", {}, new Date(Number.NaN)])
      expect(readRowVersions(none), String(none)).toEqual([]);
  });
});
