// Diagnostic: the worker's RSS before and after a path off the happy one — a stale attempt's late
// result, webhook deliveries (a failed one, then a sent one), and its health port probed and
// scraped as an orchestrator and Prometheus do. Each case gets a fresh worker
// that idles first. A path that calls the ORM loads Prisma's query compiler (about 60 MB) for
// the rest of the worker's life (docs/benchmarks/worker.md "No ORM in a long drain"); this shows it.
// Prints figures; asserts nothing.   Run: npx tsx scripts/bench/worker-rare-paths.ts
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { WorkerProcess } from "../lib/worker-process";
import { report, rssMb, sleep } from "./lib/bench-kit";
import { benchStack, placeQboxDomain, seedTenant, startBenchWorker } from "./lib/bench-stack";

const stack = await benchStack({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" });
const { db, disconnectDb, Prisma, sqlRows } = await import("../../lib/db");

/** Polls `check` every 100 ms until it holds, for up to 60 s. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A fresh worker: RSS after it idled, then after `act` and a moment to settle. */
async function measure(name: string, act: (worker: WorkerProcess) => Promise<void>) {
  const worker = await startBenchWorker({
    WEBHOOK_POLL_MS: "200",
    WEBHOOK_RETRY_BASE_MS: "100",
    WORKER_HEALTH_PORT: "0",
  });
  try {
    await sleep(5_000);
    const idle = rssMb(worker.child.pid!) ?? NaN;
    await act(worker);
    await sleep(3_000);
    const after = rssMb(worker.child.pid!) ?? NaN;
    return [
      { metric: `${name}: worker RSS idle`, measured: idle, unit: "MB" },
      { metric: `${name}: worker RSS after`, measured: after, unit: "MB" },
    ];
  } finally {
    await worker.stop();
  }
}

const t = await seedTenant();
let answer = 500;
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(answer).end());
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));

try {
  const late = await measure("late attempt", async () => {
    // The create waits upstream while its order moves on: the worker's outcome write finds a newer
    // version and records the late result on its own attempt row.
    const res = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 1_500 }),
    });
    if (!res.ok) throw new Error(`simulator refused the delay: ${res.status}`);
    const orderId = await placeQboxDomain(t, `late-${t.tag}.example.com`);
    await until("the order to be provisioning", async () => {
      const [o] = await sqlRows<{ status: string }>(
        Prisma.sql`SELECT status::text FROM "order" WHERE id = ${orderId}::uuid`,
      );
      return o?.status === "provisioning";
    });
    await sqlRows(Prisma.sql`UPDATE "order" SET version = version + 1 WHERE id = ${orderId}::uuid`);
    await until("the late result", async () => {
      const rows = await sqlRows(
        Prisma.sql`SELECT 1 FROM attempt WHERE order_id = ${orderId}::uuid AND message LIKE 'Superseded%'`,
      );
      return rows.length > 0;
    });
  });

  const webhook = await measure("webhook deliveries", async () => {
    const { createWebhookEndpoint } = await import("../../lib/webhooks/endpoints");
    const { port } = receiver.address() as AddressInfo;
    const ep = await createWebhookEndpoint(t.user, { url: `http://127.0.0.1:${port}/hook`, events: ["order.placed"] });
    if (!ep.ok) throw new Error(`endpoint refused: ${JSON.stringify(ep.fieldErrors)}`);
    await placeQboxDomain(t, `hook-${t.tag}.example.com`);
    const status = async () =>
      (await db().webhookDelivery.findFirst({
        where: { endpointId: ep.id },
        select: { status: true, attemptCount: true },
      }))!;
    await until("a failed delivery attempt", async () => (await status()).attemptCount >= 1);
    answer = 204;
    await until("the delivery", async () => (await status()).status === "succeeded");
  });
  const probes = await measure("probes (ready, metrics) x 10", async (worker) => {
    const port = /"worker health port listening".*?"port":(\d+)/.exec(worker.output())?.[1];
    if (!port) throw new Error("the worker did not say its health port");
    for (let i = 0; i < 10; i++) {
      for (const p of ["/health/ready", "/metrics"]) {
        const res = await fetch(`http://127.0.0.1:${port}${p}`);
        if (!res.ok) throw new Error(`${p} answered ${res.status}`);
        await res.text();
      }
      await sleep(200);
    }
  });
  report("Worker RSS around paths off the happy one", [...late, ...webhook, ...probes]);
} finally {
  receiver.close();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);
