// Where webhooks may be sent (docs/webhooks.md). A portal that POSTs to any URL a tenant types
// is a request forgery tool against its own network, so loopback, private, link-local and other
// non-public addresses are refused, at registration and again at every connection (a name can
// resolve elsewhere later), unless an administrator allows them with
// WEBHOOK_ALLOW_PRIVATE_TARGETS (receivers on the portal's own private network; tests).
import dns from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { v } from "@/lib/i18n/validation";

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24], // documentation (TEST-NET-1..3): reserved, never a receiver
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32], // documentation
] as const)
  blocked.addSubnet(net, bits, "ipv6");

/** True for addresses a public webhook receiver cannot have (IPv4-mapped IPv6 checked as IPv4). */
export function isNonPublicAddress(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A `lookup` for http.request that refuses non-public addresses: checked on the very connection made. */
export function publicOnlyLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => isNonPublicAddress(a.address));
      if (bad && !allowPrivate) return callback(new Error(v("webhookHostPrivate", { host: hostname })), "", 4);
      if (options.all) return callback(null, list, 4);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Why this URL cannot receive webhooks, or null when it can. */
export async function webhookUrlProblem(raw: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return v("webhookUrlInvalid");
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return v("webhookHttps");
  if (url.username || url.password) return v("webhookCredentials");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return v("webhookHostUnresolved", { host });
    }
  }
  if (!allowPrivate && addresses.some(isNonPublicAddress)) return v("webhookHostPrivate", { host });
  return null;
}
