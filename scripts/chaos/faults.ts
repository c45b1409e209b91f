// The upstream faults the chaos run arms on the simulators' control routes, each for the next
// one to three matching requests: what a real upstream does on a bad day (docs/reliability.md).
export type SimName = "grommunio" | "qboxmail";
type Target = { sim: SimName; path: string; method: string };

// Create routes (the faults that matter most for ownership), then the change and delete routes
// of existing resources (paths match by "contains": a trailing slash leaves the lists out). The
// "lookup 5xx" fault hits GETs under the same path: lookups, lists and read-backs.
const TARGETS: Target[] = [
  { sim: "qboxmail", path: "/api/domains", method: "POST" },
  { sim: "qboxmail", path: "/api/managers", method: "POST" },
  { sim: "grommunio", path: "/system/domains", method: "POST" },
  { sim: "grommunio", path: "/system/servers", method: "POST" },
  { sim: "qboxmail", path: "/api/domains/", method: "PUT" },
  { sim: "grommunio", path: "/system/domains/", method: "PATCH" },
  { sim: "qboxmail", path: "/api/domains/", method: "DELETE" },
  { sim: "qboxmail", path: "/api/managers/", method: "PUT" },
  { sim: "grommunio", path: "/system/servers/", method: "PATCH" },
  { sim: "grommunio", path: "/system/domains/", method: "DELETE" },
  { sim: "qboxmail", path: "/api/managers/", method: "DELETE" },
  { sim: "grommunio", path: "/system/servers/", method: "DELETE" },
];

export type FaultKind =
  | "drop after commit"
  | "5xx after commit"
  | "502 HTML page"
  | "429 with Retry-After"
  | "answer slower than the timeout"
  | "lookup 5xx"
  | "token expiry";

export const FAULT_KINDS: readonly FaultKind[] = [
  "drop after commit",
  "5xx after commit",
  "502 HTML page",
  "429 with Retry-After",
  "answer slower than the timeout",
  "lookup 5xx",
  "token expiry",
];

async function post(origin: string, route: string, body: unknown): Promise<void> {
  const r = await fetch(`${origin}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${route} refused the fault: ${r.status} ${await r.text()}`);
}

/** Arms fault number `n` of the plan (a fixed rotation, so runs are comparable). */
export async function armFault(n: number, origins: Record<SimName, string>, timeoutMs: number): Promise<FaultKind> {
  const kind = FAULT_KINDS[n % FAULT_KINDS.length]!;
  // 7 kinds and 12 targets share no factor: every pairing comes round, and even a short run
  // reaches the change routes.
  const t = TARGETS[n % TARGETS.length]!;
  const count = 1 + (n % 3);
  const fault = (spec: Record<string, unknown>) =>
    post(origins[t.sim], "/__sim/faults", { path: t.path, count, ...spec });
  switch (kind) {
    case "drop after commit":
      await fault({ method: t.method, action: "drop-after-commit" });
      break;
    case "5xx after commit":
      await fault({ method: t.method, action: "status-after-commit", status: 500 });
      break;
    case "502 HTML page":
      await fault({ method: t.method, action: "status", status: 502, html: true });
      break;
    case "429 with Retry-After":
      await fault({ method: t.method, action: "status", status: 429, retryAfter: 1 });
      break;
    case "answer slower than the timeout":
      await fault({ method: t.method, action: "delay", ms: Math.round(timeoutMs * 1.5) });
      break;
    case "lookup 5xx":
      await fault({ method: "GET", action: "status", status: 503 });
      break;
    case "token expiry":
      // Every grommunio token issued so far expires: the next call is refused and logs in again.
      await post(origins.grommunio, "/__sim/clock", { advanceSeconds: 7_200 });
      break;
  }
  return kind;
}

export async function clearAllFaults(origins: Record<SimName, string>): Promise<void> {
  await Promise.all(Object.values(origins).map((o) => fetch(`${o}/__sim/faults`, { method: "DELETE" })));
}
