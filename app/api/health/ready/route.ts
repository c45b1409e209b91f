// Readiness: Postgres answers and the migrations are applied (lib/health/readiness.ts); Redis
// down is "degraded", still 200: the web takes orders without it. 503 while not ready, so a load
// balancer sends no traffic here. No sign-in needed: the answer
// holds only check names, timings and what to fix.
import { checkReadiness } from "@/lib/health/readiness";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const r = await checkReadiness({ redisNeeded: false });
  return Response.json(
    { status: r.ready ? (r.degraded ? "degraded" : "ready") : "not ready", checks: r.checks },
    { status: r.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
