// Which addresses a webhook may go to (docs/webhooks.md "Where webhooks may go (SSRF)"): every
// special-purpose range that is not globally reachable is refused, in each spelling an address
// can arrive in (a URL's host, a DNS answer), and IPv6 forms carrying an IPv4 address are judged
// by that IPv4 address.
import { describe, expect, it } from "vitest";
import { isNonPublicAddress } from "@/lib/webhooks/address-ranges";
import { webhookUrlProblem } from "@/lib/webhooks/target";

/** A URL's host as the sender and the registration read it (the URL parser's own spelling). */
const hostOf = (literal: string) => new URL(`https://${literal}/`).hostname.replace(/^\[|\]$/g, "");

describe("non-public addresses", () => {
  it.each([
    ["0.0.0.0", "this network"],
    ["0.1.2.3", "this network"],
    ["10.1.2.3", "private"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["127.0.0.1", "loopback"],
    ["169.254.169.254", "link-local, cloud metadata"],
    ["172.16.5.4", "private"],
    ["192.0.0.170", "protocol assignments"],
    ["192.0.2.10", "documentation"],
    ["192.88.99.1", "former 6to4 relay anycast"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.254", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
  ])("refuses IPv4 %s (%s)", (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each([
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["::a00:1", "IPv4-compatible (10.0.0.1)"],
    ["::5db8:d70e", "IPv4-compatible, even of a public address"],
    ["::ffff:0:a00:1", "IPv4-translated"],
    ["64:ff9b:1::a00:1", "local-use NAT64"],
    ["100::1", "discard-only"],
    ["2001::1", "Teredo"],
    ["2001:2::1", "benchmarking"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["5f00::1", "segment routing"],
    ["fc00::1", "unique local"],
    ["fd12:3456::1", "unique local"],
    ["fec0::1", "site-local"],
    ["feff::1", "site-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local with a zone"],
    ["ff02::1", "multicast"],
    ["4000::1", "outside global unicast"],
    ["not-an-address", "not an IP address"],
  ])("refuses IPv6 %s (%s)", (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each([
    ["::ffff:10.0.0.1", "IPv4-mapped"],
    ["::ffff:a00:1", "IPv4-mapped, hex"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["64:ff9b::10.0.0.1", "NAT64"],
    ["64:ff9b::a9fe:a9fe", "NAT64 to cloud metadata"],
    ["64:ff9b::7f00:1", "NAT64 to loopback"],
    ["2002:a00:1::1", "6to4 of 10.0.0.1"],
    ["2002:c0a8:101::1", "6to4 of 192.168.1.1"],
    ["2002:7f00:1::", "6to4 of loopback"],
  ])("refuses %s: an IPv6 form of a non-public IPv4 address (%s)", (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "100.63.255.255", // just below carrier-grade NAT
    "100.128.0.1", // just above it
    "198.17.255.255", // just below benchmarking
    "198.20.0.1", // just above it
    "223.255.255.254", // just below multicast
    "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
    "2a00:1450:4001:80b::200e",
    "::ffff:93.184.215.14", // IPv4-mapped public
    "64:ff9b::5db8:d70e", // NAT64 of a public address: how an IPv6-only network reaches IPv4 receivers
    "2002:5db8:d70e::1", // 6to4 of a public address
  ])("accepts the public address %s", (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });

  it("judges a URL host in the parser's spelling: IPv6 with an IPv4 tail becomes hex", () => {
    expect(hostOf("[::ffff:127.0.0.1]")).toBe("::ffff:7f00:1");
    for (const literal of ["[::ffff:127.0.0.1]", "[64:ff9b::10.0.0.1]", "[::127.0.0.1]", "[fec0::1]", "0x7f.1"])
      expect(isNonPublicAddress(hostOf(literal)), literal).toBe(true);
  });

  it("refuses the new ranges at registration too", async () => {
    for (const url of [
      "https://[fec0::1]/x",
      "https://[::a00:1]/x",
      "https://[64:ff9b::a00:1]/x",
      "https://[2002:a00:1::1]/x",
      "https://192.88.99.1/x",
      "https://[3fff::1]/x",
    ])
      expect(await webhookUrlProblem(url, false), url).toMatch(/loopback, private or link-local/);
    expect(await webhookUrlProblem("https://[64:ff9b::5db8:d70e]/x", false)).toBeNull();
    expect(await webhookUrlProblem("https://[fec0::1]/x", true)).toBeNull();
  });
});
