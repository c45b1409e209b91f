// Prometheus scrape endpoint of the web process; bearer METRICS_TOKEN (docs/observability.md).
import { metricsAnswer } from "@/lib/metrics/expose";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const a = await metricsAnswer(request.headers.get("authorization"), { requireToken: true });
  return new Response(a.body, {
    status: a.status,
    headers: { "content-type": a.contentType, "cache-control": "no-store" },
  });
}
