// The part of a client address the sign-in limits count by (docs/security.md "Sign-in"). One IPv6
// host is commonly given a whole /64 and can use any address in it, so keyed by the full address
// the per-address limits would never bind: an IPv6 address counts by its first 64 bits. An IPv4
// address, and one written IPv4-mapped (::ffff:192.0.2.1, as a dual-stack socket reports it),
// counts by itself, with or without a port after it. Anything else (an unknown peer) is kept as it is.
import { isIPv4, isIPv6 } from "node:net";

/** The 8 groups of an IPv6 address, expanded; undefined when it is not one. */
function groupsOf(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined;
  const [head = "", tail] = address.split("::");
  const part = (s: string) => (s ? s.split(":") : []);
  const parse = (groups: string[]) =>
    groups.flatMap((g) => {
      if (!isIPv4(g)) return [Number.parseInt(g, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = g.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  const left = parse(part(head));
  const right = tail === undefined ? [] : parse(part(tail));
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array(zeros).fill(0), ...right];
}

/**
 * The address without a port that some proxies append to the address they forward
 * ("203.0.113.5:51234", "[2001:db8::1]:443"): counted with the port, every new connection of one
 * client would get a bucket of its own, and no address limit would ever bind.
 */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(address);
  return v4 ? v4[1]! : address;
}

export function addressBlock(address: string): string {
  const bare = withoutPort(address.trim()).replace(/%.*$/, "");
  if (isIPv4(bare)) return bare;
  const g = groupsOf(bare);
  if (!g) return address.slice(0, 64);
  // IPv4-mapped: ::ffff:a.b.c.d
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
    return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join(".");
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}
