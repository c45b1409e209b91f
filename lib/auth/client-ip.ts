// The client address for the sign-in limits (docs/security.md "Client address").
// The portal's server (scripts/server.mjs) writes the TCP peer into PEER_HEADER on every request,
// replacing whatever a client sent under that name. X-Forwarded-For is anyone's to write, so
// only the entries added by proxies we run are believed: with TRUSTED_PROXY_HOPS = N, the chain
// is the header's entries followed by the peer, and the client is the entry N places from the
// right (each trusted proxy appended the address it saw). With 0 (the default) the header is
// ignored and the peer is the client.
export const PEER_HEADER = "x-portal-peer-address";

type Headers = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(",") : v);

export function clientIp(headers: Headers, trustedProxyHops = 0): string {
  const peer = one(headers[PEER_HEADER])?.trim() || "unknown";
  if (trustedProxyHops <= 0) return peer.slice(0, 64);
  const forwarded = (one(headers["x-forwarded-for"]) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  // Fewer entries than trusted hops: the left-most is the farthest any proxy saw.
  return (chain[Math.max(0, chain.length - 1 - trustedProxyHops)] ?? peer).slice(0, 64);
}
