// Placing orders over HTTP, through the reseller API (POST /api/v1/orders with a bearer token),
// 50 concurrent clients against the production web app (`next build` + scripts/server.mjs) — and,
// in the same process on the same stack just before, the in-process placeOrder() figure with the
// same number of callers, so the ratio says what HTTP, Next's routing, token authentication and
// the API's checks add. Bars (docs/benchmarks.md): ≥ 200 orders/s and p99 ≤ 250 ms over HTTP.
// No worker runs, so nothing else competes. Prints figures; asserts nothing. The clients send with
// node:http over keep-alive sockets (scripts/bench/lib/bench-http.ts; BENCH_HTTP_CLIENT=fetch
// sends with fetch as before, to compare) and their own CPU per request is printed, since they
// share the two cores with the server.
//   Run: npx tsx scripts/bench/http-placing.ts [orders=3000] [clients=50]
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { cpuDelta, cpuSnapshot } from "./lib/bench-cpu";
import { httpClient } from "./lib/bench-http";
import { type BenchRow, percentile, report, sortNumbers } from "./lib/bench-kit";
import { benchStack, placeQboxDomain, pool, qboxDomainForm, seedTenant, serverCounters } from "./lib/bench-stack";
import { startBenchWeb } from "./lib/bench-web";

const N = Number(process.argv[2] ?? 3_000);
const C = Number(process.argv[3] ?? 50);
const useFetch = process.env.BENCH_HTTP_CLIENT === "fetch";
// Requests each path gets, untimed, right before it is timed (BENCH_HTTP_WARMUP to change): with
// 200 the slowest 1 % of the timed HTTP phase were all in its first 0.6 s, the server's hot code
// still being compiled (docs/benchmarks/placing.md "Placing over HTTP: a longer warm-up").
const WARMUP = Number(process.env.BENCH_HTTP_WARMUP ?? Math.min(1_000, N));

const stack = await benchStack();
const { db, disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");
const { createApiToken } = await import("../../lib/api/tokens");

type Phase = {
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failed: number;
  errors: Map<string, number>;
};

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<Phase> {
  const latencies: number[] = [];
  const slow: { at: number; ms: number }[] = [];
  const errors = new Map<string, number>();
  const start = performance.now();
  await pool(n, C, async (i) => {
    const s = performance.now();
    try {
      await fn(i);
      latencies.push(performance.now() - s);
      slow.push({ at: (s - start) / 1000, ms: performance.now() - s });
    } catch (err) {
      const key = (err as Error).message.slice(0, 80);
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  });
  const seconds = (performance.now() - start) / 1000;
  const sorted = sortNumbers(latencies);
  // When the slowest 1 % started (seconds into the phase): bunched together, they are stalls of
  // the whole server (a commit waiting on the disk, a pause), not requests slow on their own.
  // The requests sent in the phase's first second: a cold start (new connections) shows here.
  const first = sortNumbers(slow.filter((w) => w.at < 1).map((w) => w.ms));
  if (n >= 100 && first.length)
    console.log(
      `first second: ${first.length} requests, p50 ${percentile(first, 50).toFixed(0)} ms, p99 ${percentile(first, 99).toFixed(0)} ms`,
    );
  const worst = slow.sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(n / 100)));
  const when = worst
    .sort((a, b) => a.at - b.at)
    .map((w) => `${w.at.toFixed(1)}s:${w.ms.toFixed(0)}ms`)
    .join(" ");
  if (n >= 100) console.log(`slowest 1 % (${n} requests over ${seconds.toFixed(1)} s), start:latency: ${when}`);
  return {
    rate: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    failed: n - latencies.length,
    errors,
  };
}

async function run(): Promise<BenchRow[]> {
  const tenant = await seedTenant();
  // The API's per-token rate limit (120/min by default) would measure the limiter, not the path.
  const { baseUrl, web, pid } = await startBenchWeb(stack, { API_RATE_LIMIT_PER_MINUTE: "100000000" });
  try {
    const created = await createApiToken(tenant.user, { name: "bench", scopes: ["orders:write", "orders:read"] });
    if (!created.ok) throw new Error(`token not created: ${JSON.stringify(created)}`);
    const client = httpClient(baseUrl, C);
    const post = async (name: string, path = "/api/v1/orders", expected = 201) => {
      const headers = {
        authorization: `Bearer ${created.token}`,
        "content-type": "application/json",
        "idempotency-key": `bench-${randomUUID()}`,
      };
      const body = JSON.stringify({
        kind: "qboxmail_domain",
        customerId: tenant.customer.id,
        fields: qboxDomainForm(name),
      });
      let status: number;
      let text: string;
      let encoding: string | null | undefined;
      if (useFetch) {
        const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body });
        status = res.status;
        encoding = res.headers.get("content-encoding");
        text = await res.text();
      } else {
        const res = await client.request("POST", path, headers, body);
        ({ status, text } = res);
        encoding = res.headers["content-encoding"];
      }
      if (status !== expected) throw new Error(`HTTP ${status}: ${text.slice(0, 60)}`);
      if (expected === 201) answer ??= `${text.length} characters, content-encoding ${encoding ?? "none"}`;
    };
    let answer: string | undefined;
    console.log(`HTTP client: ${useFetch ? "fetch (BENCH_HTTP_CLIENT=fetch)" : "node:http, keep-alive"}`);
    // Each path is warmed up right before it is timed (WARMUP requests), at the timed number of
    // clients: connection pools, prepared statements, the JIT, Next's route compilation. A warm-up ahead of the
    // in-process phase left the web idle for its length: its pools had closed their idle
    // connections (pg's 10 s) and the first wave of timed requests paid for opening them again,
    // which was most of the HTTP p99 (docs/benchmarks/placing.md "Placing over HTTP: each path
    // warmed up right before it is timed").
    await pool(WARMUP, C, (i) => placeQboxDomain(tenant, `wi${i}-${tenant.tag}.example.com`).then(() => undefined));
    const inProcess = await timed(N, (i) =>
      placeQboxDomain(tenant, `pi${i}-${tenant.tag}.example.com`).then(() => undefined),
    );
    await pool(WARMUP, C, (i) => post(`wh${i}-${tenant.tag}.example.com`));
    console.log(`an answer: ${answer}`);
    // BENCH_IDLE_BEFORE_HTTP_MS: let the web sit idle this long between its warm-up and the timed
    // phase, as a portal does between busy spells: what the first wave after a quiet spell costs
    // (docs/benchmarks/placing.md "The cold wave after the web idled").
    const idle = Number(process.env.BENCH_IDLE_BEFORE_HTTP_MS ?? 0);
    if (idle > 0) {
      console.log(`web idles ${idle} ms before the timed HTTP phase (BENCH_IDLE_BEFORE_HTTP_MS)`);
      await new Promise((resolve) => setTimeout(resolve, idle));
    }
    // Postgres connections that the timed phase had to open (a cold pool after the idle opens
    // them on its first wave; they are still open just after the phase: pg closes idle ones after
    // 10 s). Counted from Postgres, so the figure does not move with the machine's load.
    const connections = async (since: Date) =>
      (
        await db().$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND datname = current_database() AND backend_start >= ${since}`
      )[0]?.n ?? 0;
    const httpStart = new Date();
    const counters0 = await serverCounters();
    const cpu0 = cpuSnapshot(stack.root, pid);
    const http = await timed(N, (i) => post(`ph${i}-${tenant.tag}.example.com`));
    console.log(`Postgres connections opened during the timed HTTP phase: ${await connections(httpStart)}`);
    const cpu = cpuDelta(cpu0, cpuSnapshot(stack.root, pid));
    const counters = await serverCounters();
    // Next.js's own floor: the same request to a path no operation has, answered by a route
    // handler with a 404 problem at once (no token, no body read, no database, no Redis).
    const floorN = Math.min(N, 1_000);
    const floorCpu0 = cpuSnapshot(stack.root, pid);
    const floor = await timed(floorN, (i) =>
      post(`pf${i}-${tenant.tag}.example.com`, "/api/v1/no-such-operation", 404),
    );
    const floorCpu = cpuDelta(floorCpu0, cpuSnapshot(stack.root, pid));
    client.close();
    for (const [what, p] of [
      ["in-process", inProcess],
      ["HTTP", http],
      ["floor (404)", floor],
    ] as const)
      if (p.errors.size) console.log(`${what} failures: ${JSON.stringify(Object.fromEntries(p.errors))}`);
    return [
      {
        key: "http.place.rate",
        metric: `orders placed over HTTP (${C} clients, N=${N})`,
        measured: http.rate,
        unit: "orders/s",
        budget: 200,
        kind: "min",
      },
      { key: "http.place.p99", metric: "over HTTP, p99", measured: http.p99, unit: "ms", budget: 250, kind: "max" },
      { metric: "over HTTP, median", measured: http.p50, unit: "ms" },
      // The tail's shape: a p99 far above p90 is a few stalls (a commit waiting on a busy disk),
      // not a slow path.
      { metric: "over HTTP, p90", measured: http.p90, unit: "ms" },
      { metric: "over HTTP, slowest", measured: http.max, unit: "ms" },
      { metric: "over HTTP, requests that failed", measured: http.failed, unit: `of ${N}` },
      {
        key: "http.place.inProcessRate",
        metric: `placeOrder in-process (${C} callers, N=${N})`,
        measured: inProcess.rate,
        unit: "orders/s",
      },
      { metric: "placeOrder in-process, p99", measured: inProcess.p99, unit: "ms" },
      { metric: "placeOrder in-process, failed", measured: inProcess.failed, unit: `of ${N}` },
      { metric: "CPU per order over HTTP: web process", measured: cpu.worker / N, unit: "ms" },
      { metric: "CPU per order over HTTP: Postgres", measured: cpu.postgres / N, unit: "ms" },
      { metric: "CPU per order over HTTP: Redis", measured: cpu.redis / N, unit: "ms" },
      { metric: "CPU per order over HTTP: clients (bench process)", measured: cpu.bench / N, unit: "ms" },
      {
        metric: "CPU per order over HTTP: all four",
        measured: (cpu.worker + cpu.postgres + cpu.redis + cpu.bench) / N,
        unit: "ms",
      },
      {
        metric: `web CPU per request of an unknown API path (Next.js's floor, N=${floorN})`,
        measured: floorCpu.worker / floorN,
        unit: "ms",
      },
      {
        metric: "Postgres transactions per order over HTTP",
        measured: (counters.pgXacts - counters0.pgXacts) / N,
        unit: "",
      },
      {
        metric: "Redis commands per order over HTTP",
        measured: (counters.redisCommands - counters0.redisCommands) / N,
        unit: "",
      },
    ];
  } finally {
    await web.stop();
  }
}

try {
  report("Placing orders over HTTP (reseller API) vs in-process", await run());
} finally {
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
