// Which IP addresses a public webhook receiver can have; where the list comes from:
// docs/webhooks.md "Where webhooks may go (SSRF)". Refused: every range set aside for something
// other than public hosts (private networks, loopback, link-local, documentation, benchmarking,
// multicast, ...), and IPv6 outside global unicast (2000::/3), which is assigned to no one; the
// ranges below that lie outside it are named anyway, so the list reads complete. IPv6 forms that
// carry an IPv4 address (IPv4-mapped, the NAT64 prefix, 6to4) are judged by the IPv4 address they
// lead to: a gateway would forward the request there, so a private one inside is refused.
import { BlockList, isIP } from "node:net";

const ipv4 = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // protocol assignments
  ["192.0.2.0", 24], // documentation (TEST-NET-1..3): reserved, never a receiver
  ["192.88.99.0", 24], // the former 6to4 relay anycast: a relay, not a receiver
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the broadcast address
] as const)
  ipv4.addSubnet(net, bits, "ipv4");

const ipv6 = new BlockList();
for (const [net, bits] of [
  ["::", 96], // unspecified, loopback and the deprecated IPv4-compatible addresses
  ["64:ff9b:1::", 48], // NAT64 for a local network's own use
  ["100::", 64], // discard-only
  ["2001::", 23], // protocol assignments: Teredo tunnels, benchmarking, ORCHID, anycast services
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation
  ["fc00::", 7], // unique local
  ["fec0::", 10], // the deprecated site-local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  ipv6.addSubnet(net, bits, "ipv6");

/** The eight 16-bit groups of a valid IPv6 address (zone dropped, a dotted IPv4 tail as two groups). */
function groups(address: string): number[] {
  let text = address.replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const dottedOf = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** The IPv4 address an IPv6 address leads to (IPv4-mapped, NAT64 well-known prefix, 6to4), or null. */
function embeddedIpv4(g: number[]): string | null {
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return dottedOf(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return dottedOf(g[6]!, g[7]!);
  if (g[0] === 0x2002) return dottedOf(g[1]!, g[2]!);
  return null;
}

/** True for addresses a public webhook receiver cannot have; anything not an IP address too. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return ipv4.check(address, "ipv4");
  if (family !== 6) return true;
  const g = groups(address);
  const inner = embeddedIpv4(g);
  if (inner) return ipv4.check(inner, "ipv4");
  return (g[0]! & 0xe000) !== 0x2000 || ipv6.check(address.replace(/%.*$/, ""), "ipv6");
}
