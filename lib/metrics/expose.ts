// Serving the registry: the same answer for the web's /api/metrics and the worker's health port.
// The token is compared in constant time; without a configured token the web route answers 404
// (a metrics page open to the internet would show business volumes), while the worker's port,
// which is not published, answers without one (docs/observability.md).
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { metrics } from "./registry";
import { enableSystemGauges } from "./system-gauges";

export type MetricsAnswer = { status: number; contentType: string; body: string };

const digest = (s: string) => createHash("sha256").update(s).digest();

export function tokenMatches(authorization: string | null | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(given), digest(token));
}

export async function metricsAnswer(
  authorization: string | null | undefined,
  where: { requireToken: boolean },
): Promise<MetricsAnswer> {
  const token = env().METRICS_TOKEN;
  const text = "text/plain; charset=utf-8";
  if (!token && where.requireToken)
    return { status: 404, contentType: text, body: "Metrics are off: set METRICS_TOKEN to serve them.\n" };
  if (token && !tokenMatches(authorization, token))
    return { status: 401, contentType: text, body: "Send the METRICS_TOKEN as 'Authorization: Bearer <token>'.\n" };
  enableSystemGauges();
  const { register } = metrics();
  return { status: 200, contentType: register.contentType, body: await register.metrics() };
}
