// Liveness: the process serves requests. Checks nothing else on purpose: a database outage must
// not make an orchestrator restart every web process (docs/observability.md). No sign-in needed.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "live" }, { headers: { "cache-control": "no-store" } });
}
