// grommunio stores what Python's idna.encode makes of a name (docs/upstream/grommunio.md §5); lookups and the
// simulator both rely on these functions agreeing with it.
import { describe, expect, it } from "vitest";
import {
  GROMMUNIO_DOMAIN_PATTERN,
  grommunioDomainName,
  pyIdnaDecode,
  pyIdnaEncode,
} from "@/lib/upstream/grommunio/idna";

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

  it("falls back to the raw name like grommunio, whose regex then decides", () => {
    expect(grommunioDomainName("München.de")).toBe("München.de");
    expect(GROMMUNIO_DOMAIN_PATTERN.test(grommunioDomainName("München.de"))).toBe(false);
    expect(GROMMUNIO_DOMAIN_PATTERN.test(grommunioDomainName("a_b.com"))).toBe(false);
    expect(GROMMUNIO_DOMAIN_PATTERN.test(grommunioDomainName("localhost"))).toBe(false);
    // Accepted by the regex although IDNA refused it: the row is committed, the answer crashes.
    expect(GROMMUNIO_DOMAIN_PATTERN.test(grommunioDomainName("-bad.com"))).toBe(true);
  });
});

describe("pyIdnaDecode (the displayname)", () => {
  it("decodes xn-- labels and lower-cases ASCII ones", () => {
    expect(pyIdnaDecode("xn--mnchen-3ya.de")).toBe("münchen.de");
    expect(pyIdnaDecode("Example.COM")).toBe("example.com");
  });

  it("fails for names that passed the regex but are not valid IDNA", () => {
    expect(pyIdnaDecode("-bad.com")).toBeNull();
    expect(pyIdnaDecode("ex..com")).toBeNull();
  });
});
