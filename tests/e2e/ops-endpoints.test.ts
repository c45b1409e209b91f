// The operations endpoints of the production build and the worker, as an orchestrator and
// Prometheus reach them: health without signing in, metrics only with the token.
import { expect, it } from "vitest";

const web = () => process.env.APP_URL!;
const worker = () => `http://127.0.0.1:${process.env.WORKER_HEALTH_PORT}`;
const token = () => process.env.METRICS_TOKEN!;

// Polled as an orchestrator does: the worker may still be starting when this file runs.
async function readyWithin(url: string, ms = 30_000): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await fetch(url).catch((err) => {
      if (Date.now() > until) throw err;
      return undefined;
    });
    if (res && (res.status === 200 || Date.now() > until)) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

it("web: live and ready answer without a session, with every check passing", async () => {
  const live = await fetch(`${web()}/api/health/live`, { redirect: "manual" });
  expect(live.status).toBe(200);
  expect(await live.json()).toEqual({ status: "live" });
  const ready = await readyWithin(`${web()}/api/health/ready`);
  const body = await ready.json();
  expect(ready.status, JSON.stringify(body)).toBe(200);
  expect(body).toMatchObject({
    status: "ready",
    checks: { postgres: { ok: true }, redis: { ok: true }, migrations: { ok: true } },
  });
  expect(ready.headers.get("cache-control")).toBe("no-store");
});

it("web: /api/metrics refuses without the token and serves Prometheus text with it", async () => {
  expect((await fetch(`${web()}/api/metrics`, { redirect: "manual" })).status).toBe(401);
  const res = await fetch(`${web()}/api/metrics`, { headers: { authorization: `Bearer ${token()}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  const text = await res.text();
  expect(text).toMatch(/^process_cpu_seconds_total \S+/m);
  expect(text).toMatch(/^portal_scrape_probe_ok\{probe="postgres"\} 1$/m);
  expect(text).toMatch(/^portal_queue_jobs\{provider="qboxmail",state="waiting"\} \d+$/m);
  expect(text).toMatch(/^# TYPE portal_orders_placed_total counter$/m);
});

it("worker: live, ready and metrics on its health port", async () => {
  expect((await readyWithin(`${worker()}/health/live`)).status).toBe(200);
  expect((await readyWithin(`${worker()}/health/ready`)).status).toBe(200);
  expect((await fetch(`${worker()}/metrics`)).status).toBe(401);
  const text = await (await fetch(`${worker()}/metrics`, { headers: { authorization: `Bearer ${token()}` } })).text();
  expect(text).toMatch(/^# TYPE portal_upstream_call_duration_seconds histogram$/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+/m);
});
