// What the reseller API's own steps cost per request, in this process's CPU (process.cpuUsage),
// without Next.js: token authentication with and without the per-process principal cache, the
// order read behind each answer with and without the upstream attempts, the rate limiter's Redis
// call, and the whole POST /api/v1/orders route handler called in-process. CPU per call moves
// much less with the machine's load than a rate does, which is why the HTTP placing figures were
// judged with it (docs/benchmarks/placing.md "Reseller API CPU per request"). Prints figures; asserts nothing.
//   Run: npx tsx scripts/bench/api-path-cost.ts [calls=1000]
import { randomUUID } from "node:crypto";
import { type BenchRow, report } from "./lib/bench-kit";
import { benchStack, placeQboxDomain, qboxDomainForm, seedTenant, serverCounters } from "./lib/bench-stack";

const N = Number(process.argv[2] ?? 1_000);

const stack = await benchStack({ API_RATE_LIMIT_PER_MINUTE: "100000000" });
const { disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");
const { createApiToken, authenticateApiToken } = await import("../../lib/api/tokens");
const { forgetApiPrincipals } = await import("../../lib/api/principal-cache");
const { consumeRate, resetRateLimiter } = await import("../../lib/api/rate-limit");
const { getOrderForReseller, getOrderWithoutAttempts } = await import("../../lib/orders/queries/get-order");
const { POST } = await import("../../app/api/v1/orders/route");

/** CPU milliseconds of this process per call, calls made one after another (no overlap to blur it). */
async function cpuPerCall(fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(i); // warm: plans, the JIT
  const t = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn(i);
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000 / N;
}

async function run(): Promise<BenchRow[]> {
  const tenant = await seedTenant();
  const created = await createApiToken(tenant.user, { name: "bench", scopes: ["orders:write", "orders:read"] });
  if (!created.ok) throw new Error("token not created");
  const token = created.token;
  const orderId = await placeQboxDomain(tenant, `cost-${tenant.tag}.example.com`);

  const authUncached = await cpuPerCall(async () => {
    forgetApiPrincipals();
    return authenticateApiToken(token);
  });
  const authCached = await cpuPerCall(() => authenticateApiToken(token));
  const rate = await cpuPerCall(() => consumeRate(`bench:${tenant.tag}`));
  const withAttempts = await cpuPerCall(() => getOrderForReseller(tenant.reseller.id, orderId));
  const withoutAttempts = await cpuPerCall(() => getOrderWithoutAttempts(tenant.reseller.id, orderId));
  const place = await cpuPerCall((i) => placeQboxDomain(tenant, `p${i}-${randomUUID().slice(0, 8)}.example.com`));
  // Statements and Redis commands per API order do not move with the machine's load, CPU does.
  // Postgres publishes a backend's counts within about a second of its last transaction (at most
  // 10 s when idle): wait that long before reading the totals.
  const settle = () => new Promise((r) => setTimeout(r, 11_000));
  await settle();
  const before = await serverCounters();
  const post = await cpuPerCall(async (i) => {
    const res = await POST(
      new Request("http://127.0.0.1/api/v1/orders", {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": `cost-${randomUUID()}`,
        },
        body: JSON.stringify({
          kind: "qboxmail_domain",
          customerId: tenant.customer.id,
          fields: qboxDomainForm(`c${i}-${randomUUID().slice(0, 8)}.example.com`),
        }),
      }),
      { params: Promise.resolve({}) },
    );
    if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 80)}`);
  });
  await settle();
  const after = await serverCounters();
  const calls = N + 50; // cpuPerCall's warm-up calls included
  const ms = (metric: string, measured: number): BenchRow => ({ metric, measured, unit: "ms CPU" });
  return [
    ms("token authentication, database read (cache forgotten each call)", authUncached),
    ms("token authentication, remembered principal", authCached),
    ms("rate limiter (one Redis call)", rate),
    ms("order read for an answer, with attempts", withAttempts),
    ms("order read for an answer, without attempts (what the API uses)", withoutAttempts),
    ms("placeOrder() alone, per order", place),
    ms("POST /api/v1/orders route handler in-process (no Next.js), per order", post),
    {
      metric: "  Postgres transactions per API order (autocommit statements count)",
      // serverCounters' own read is one more transaction.
      measured: (after.pgXacts - before.pgXacts - 1) / calls,
      unit: "",
    },
    {
      metric: "  Redis commands per API order (rate limiter and enqueue)",
      measured: (after.redisCommands - before.redisCommands) / calls,
      unit: "",
    },
  ];
}

try {
  report(`Reseller API CPU per call, this process (N=${N}, calls one after another)`, await run());
} finally {
  resetRateLimiter();
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
