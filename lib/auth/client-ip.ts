// The client address for the login throttle. Behind a reverse proxy the nearest proxy appends
// the real peer to X-Forwarded-For, so the right-most entry is the one a client cannot forge;
// `next start` itself sets the header to the socket's address when it is absent.
export function clientIp(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const last = value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  const real = headers["x-real-ip"];
  return (last || (typeof real === "string" ? real.trim() : "") || "unknown").slice(0, 64);
}
