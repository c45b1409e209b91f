// The worker's small HTTP port (WORKER_HEALTH_PORT): /health/live, /health/ready (Postgres,
// Redis, migrations, and not shutting down) and /metrics (docs/observability.md). It is meant
// for the private network only; with METRICS_TOKEN set, /metrics asks for it here too.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { checkReadiness } from "@/lib/health/readiness";
import { log } from "@/lib/log";
import { metricsAnswer } from "@/lib/metrics/expose";

export type OpsServer = { port: number; close: () => Promise<void> };

export async function startOpsServer(opts: {
  host: string;
  port: number;
  stopping: () => boolean;
}): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    const json = (status: number, body: unknown) => send(status, "application/json", JSON.stringify(body));
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") return json(405, { error: "Only GET is served here." });
    if (path === "/health/live") return json(200, { status: "live" });
    if (path === "/health/ready") {
      if (opts.stopping()) return json(503, { status: "stopping" });
      void checkReadiness()
        .then((r) => json(r.ready ? 200 : 503, { status: r.ready ? "ready" : "not ready", checks: r.checks }))
        .catch((err) => json(503, { status: "not ready", error: (err as Error).message }));
      return;
    }
    if (path === "/metrics") {
      void metricsAnswer(req.headers.authorization, { requireToken: false })
        .then((a) => send(a.status, a.contentType, a.body))
        .catch((err) => send(500, "text/plain", `metrics failed: ${(err as Error).message}\n`));
      return;
    }
    json(404, { error: "Try /health/live, /health/ready or /metrics." });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new Error(`WORKER_HEALTH_PORT ${opts.port}: ${err.message}`)));
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info("worker health port listening", { host: opts.host, port });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
