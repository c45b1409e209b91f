// The sign-in limits count an IPv6 client by its /64 (one host may hold the whole block), an
// IPv4 client, written plainly or IPv4-mapped, by its address.
import { describe, expect, it } from "vitest";
import { addressBlock } from "@/lib/auth/address-block";

describe("the address block the sign-in limits count by", () => {
  it("is the /64 of an IPv6 address, however it is written", () => {
    const block = "2001:db8:85a3:8d3::/64";
    for (const a of [
      "2001:db8:85a3:8d3:1319:8a2e:370:7348",
      "2001:0db8:85a3:08d3:0000:0000:0000:0001",
      "2001:db8:85a3:8d3::1",
      "[2001:db8:85a3:8d3::ffff]",
      "2001:DB8:85A3:8D3:abcd::",
      "fe80::1%eth0".replace("fe80::1", "2001:db8:85a3:8d3::9"),
    ])
      expect(addressBlock(a), a).toBe(block);
    expect(addressBlock("2001:db8:85a3:8d4::1")).not.toBe(block);
    expect(addressBlock("::1")).toBe("0:0:0:0::/64");
  });

  it("is the address itself for IPv4, also when IPv4-mapped, and anything else as given", () => {
    expect(addressBlock("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBlock("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressBlock("::ffff:cb00:7107")).toBe("203.0.113.7");
    expect(addressBlock("unknown")).toBe("unknown");
  });

  it("leaves out a port a proxy wrote after the address: each connection's own port is no new client", () => {
    expect(addressBlock("203.0.113.5:51234")).toBe("203.0.113.5");
    expect(addressBlock("[2001:db8:85a3:8d3::1]:443")).toBe("2001:db8:85a3:8d3::/64");
    expect(addressBlock("[::ffff:203.0.113.7]:8080")).toBe("203.0.113.7");
    // An IPv6 address's last group is no port.
    expect(addressBlock("2001:db8:85a3:8d3::1:443")).toBe("2001:db8:85a3:8d3::/64");
  });
});
