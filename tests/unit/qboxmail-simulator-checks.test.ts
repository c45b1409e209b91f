// The simulator's format checks decide which names, addresses and networks Qboxmail accepts;
// our order schemas mirror them, so their edges are pinned here.
import { describe, expect, it } from "vitest";
import { isEmail, isFqdn, isIpOrCidr, isStrongEnough } from "@/simulators/qboxmail/check";
import { isTimezone } from "@/simulators/qboxmail/rules";

describe("Qboxmail simulator format checks", () => {
  it("accepts ASCII and punycode FQDNs and refuses the rest", () => {
    for (const ok of ["a.com", "mail.example.co.uk", "xn--bcher-kva.de", "example.xn--p1ai", "a-b.io"])
      expect(isFqdn(ok), ok).toBe(true);
    for (const bad of [
      "com",
      "-a.com",
      "a-.com",
      "a..com",
      "a.com.",
      "a.c",
      "a.123",
      "bücher.de",
      "a_b.com",
      `${"a".repeat(64)}.com`,
    ])
      expect(isFqdn(bad), bad).toBe(false);
  });

  it("accepts ordinary addresses and refuses malformed ones", () => {
    for (const ok of ["a@b.com", "first.last+tag@sub.example.org"]) expect(isEmail(ok), ok).toBe(true);
    for (const bad of ["a@b", "@b.com", "a@@b.com", ".a@b.com", "a..b@c.com", "a b@c.com"])
      expect(isEmail(bad), bad).toBe(false);
  });

  it("accepts IPv4/IPv6 addresses and CIDRs within their prefix lengths", () => {
    for (const ok of ["10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "2001:db8::1", "2001:db8::/128"])
      expect(isIpOrCidr(ok), ok).toBe(true);
    for (const bad of ["10.0.0.256", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/8/8", "host.example", ""])
      expect(isIpOrCidr(bad), bad).toBe(false);
  });

  it("wants eight characters with a letter and a digit", () => {
    expect(isStrongEnough("Fjordkite-70")).toBe(true);
    expect(isStrongEnough("àèìòù1234")).toBe(true);
    for (const bad of ["abc1234", "abcdefgh", "12345678"]) expect(isStrongEnough(bad), bad).toBe(false);
  });

  it("knows IANA time zone names and their aliases", () => {
    for (const ok of ["Europe/Rome", "UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Europe/Kyiv"])
      expect(isTimezone(ok), ok).toBe(true);
    for (const bad of ["Mars/Olympus_Mons", "+01:00", "Rome time", ""]) expect(isTimezone(bad), bad).toBe(false);
  });
});
