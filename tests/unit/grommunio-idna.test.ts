// grommunio stores what Python's idna.encode makes of a name (docs/upstream/grommunio.md §5); lookups and the
// simulator both rely on these functions agreeing with it.
import { describe, expect, it } from "vitest";
import { grommunioDomainName, pyIdnaEncode } from "@/lib/upstream/grommunio/idna";
// grommunio's check on the stored name and its displayname decoding live only in the simulator:
// the portal never decodes or checks names that way itself.
import { DOMAIN_NAME_PATTERN, idnaDecode } from "@/simulators/grommunio/idna";

describe("pyIdnaEncode (Python idna.encode, IDNA 2008 without UTS46)", () => {
  it("encodes non-ASCII labels and keeps ASCII ones, ASCII capitals included", () => {
    expect(pyIdnaEncode("münchen.de")).toBe("xn--mnchen-3ya.de");
    expect(pyIdnaEncode("Example.COM")).toBe("Example.COM");
    expect(pyIdnaEncode("example.com.")).toBe("example.com.");
    expect(pyIdnaEncode("1.2.3.4")).toBe("1.2.3.4");
  });

  it("raises (null) for capitals in a label that needs encoding, symbols, bad hyphens and empty labels", () => {
    expect(pyIdnaEncode("München.de")).toBeNull();
    expect(pyIdnaEncode("mÜnchen.de")).toBeNull();
    expect(pyIdnaEncode("a_b.com")).toBeNull();
    expect(pyIdnaEncode("-bad.com")).toBeNull();
    expect(pyIdnaEncode("ex..com")).toBeNull();
    expect(pyIdnaEncode("ab--cd.com")).toBeNull();
    expect(pyIdnaEncode(`${"a".repeat(64)}.com`)).toBeNull();
  });

  it("raises (null) where IDNA 2008 refuses letters: variant forms, the Bidi rule, mixed Arabic digits", () => {
    for (const name of ["ｅｘａｍｐｌｅ.com", "ſtraße.de", "ʰello.com", "aא.com", "١٢.com", "مثال١۴.com"])
      expect(pyIdnaEncode(name), name).toBeNull();
    expect(pyIdnaEncode("שלום.co.il")).toBe("xn--9dbne9b.co.il");
    // RFC 5892's derived property and context rules, not categories (more in idna-python-corpus.test.ts).
    expect(pyIdnaEncode("col·legi.cat")).toBe("xn--collegi-xma.cat");
    expect(pyIdnaEncode("xn--collegi-xma.cat")).toBe("xn--collegi-xma.cat");
    for (const name of ["ᏸᏹ.com", "xn--ocec.com", "a\u034fb.com", "l·m.cat"])
      expect(pyIdnaEncode(name), name).toBeNull();
    expect(pyIdnaEncode("straße.de")).toBe("xn--strae-oqa.de");
  });

  it("falls back to the raw name like grommunio, whose regex then decides", () => {
    expect(grommunioDomainName("München.de")).toBe("München.de");
    expect(DOMAIN_NAME_PATTERN.test(grommunioDomainName("München.de"))).toBe(false);
    expect(DOMAIN_NAME_PATTERN.test(grommunioDomainName("a_b.com"))).toBe(false);
    expect(DOMAIN_NAME_PATTERN.test(grommunioDomainName("localhost"))).toBe(false);
    // Accepted by the regex although IDNA refused it: the row is committed, the answer crashes.
    expect(DOMAIN_NAME_PATTERN.test(grommunioDomainName("-bad.com"))).toBe(true);
  });
});

describe("the simulator's displayname (Python idna.decode)", () => {
  it("decodes xn-- labels and lower-cases ASCII ones", () => {
    expect(idnaDecode("xn--mnchen-3ya.de")).toBe("münchen.de");
    expect(idnaDecode("Example.COM")).toBe("example.com");
  });

  it("fails for names that passed the regex but are not valid IDNA", () => {
    expect(idnaDecode("-bad.com")).toBeNull();
    expect(idnaDecode("ex..com")).toBeNull();
  });
});
