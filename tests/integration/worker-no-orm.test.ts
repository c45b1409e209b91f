// The real worker process never loads the ORM's query compiler (docs/benchmarks/worker.md "No ORM in a
// long drain"): through orders on the happy path, a stale attempt's late result, webhook
// deliveries (one refused by the receiver, then sent) and its health port probed and scraped, it
// compiles no WebAssembly but the HTTP parser of Node's own fetch. tests/support/wasm-watch.mjs,
// preloaded, reports each compile; the first test shows that it sees the Prisma client's. Nor does
// it start any async context (an AsyncLocalStorage, an async hook, promise hooks: about 5 % of its
// CPU per order, docs/benchmarks/worker.md "Async context passed by hand"): tests/support/async-context-watch.mjs
// reports one, and a test shows that it does.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { spawnWorker, type WorkerProcess } from "../../scripts/lib/worker-process";
import { fault, forms, makeTenant, pipelineFileHooks, place, type Tenant, waitForOrder } from "./pipeline-fixtures";
import { type Receiver, startReceiver } from "./webhook-receiver";

const root = path.resolve(import.meta.dirname, "../..");
const WATCH = path.join(root, "tests/support/wasm-watch.mjs");
const ASYNC_WATCH = path.join(root, "tests/support/async-context-watch.mjs");
let t: Tenant;
let receiver: Receiver;

pipelineFileHooks({
  setup: async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the receiver listens on loopback
    resetEnvCache();
    receiver = await startReceiver();
    t = await makeTenant();
  },
  teardown: async () => {
    await db().webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
    await receiver.close();
    delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    resetEnvCache();
  },
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check()); await new Promise((r) => setTimeout(r, 100)))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

describe("the worker without the ORM", () => {
  it("the watch sees the Prisma client compile its query compiler at its first query", () => {
    const script = `import { db, disconnectDb } from "@/lib/db"; await db().$queryRaw\`SELECT 1\`; await disconnectDb();`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--import", WATCH, "--input-type=module", "-e", script], {
      cwd: root,
      env: process.env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("WASM_COMPILED by=other");
  });

  it("the async context watch sees an AsyncLocalStorage started and the promise hooks it turns on", () => {
    const script = `import { AsyncLocalStorage } from "node:async_hooks";
      setTimeout(() => new AsyncLocalStorage().run(1, async () => { await null; }), 50);
      setTimeout(() => undefined, 600);`;
    const r = spawnSync(process.execPath, ["--import", ASYNC_WATCH, "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("ASYNC_CONTEXT_ON AsyncLocalStorage.run");
    expect(r.stderr).toContain("PROMISE_HOOKS_ON");
  });

  it("drains orders, records a late result, delivers webhooks and answers its probes without compiling any or starting an async context", async () => {
    const w: WorkerProcess = spawnWorker(
      {
        WORKER_HEALTH_PORT: "0",
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
        WEBHOOK_POLL_MS: "200",
        WEBHOOK_RETRY_BASE_MS: "50",
      },
      ["--import", WATCH, "--import", ASYNC_WATCH],
    );
    await w.waitForOutput(/worker started/);
    const ep = await createWebhookEndpoint(
      { ...t.user, resellerId: t.reseller.id },
      { url: receiver.url, events: ["order.placed", "order.succeeded"] },
    );
    if (!ep.ok) throw new Error(JSON.stringify(ep.fieldErrors));
    receiver.setSecret(ep.secret);
    receiver.failNext(1, 500);

    // The happy path.
    const happy = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!happy.ok) throw new Error("not placed");
    expect((await waitForOrder(happy.orderId, (o) => o.status === "succeeded")).status).toBe("succeeded");

    // A late result: the create waits upstream while its order moves on.
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 1_500 });
    const late = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!late.ok) throw new Error("not placed");
    await waitForOrder(late.orderId, (o) => o.status === "provisioning", 15_000);
    await db().order.update({ where: { id: late.orderId }, data: { version: { increment: 1 } } });
    await until(
      "the late result",
      async () =>
        (await db().attempt.count({ where: { orderId: late.orderId, message: { startsWith: "Superseded" } } })) > 0,
    );

    // Webhooks: the first request was refused, so one delivery was retried before it was sent.
    await until(
      "the happy order's deliveries",
      async () =>
        (await db().webhookDelivery.count({
          where: { endpointId: ep.id, orderId: happy.orderId, status: "succeeded" },
        })) === 2,
    );
    expect(receiver.refused).toBeGreaterThanOrEqual(1);

    // The health port, as an orchestrator and Prometheus use it.
    const port = /"worker health port listening".*?"port":(\d+)/.exec(w.output())?.[1];
    for (const p of ["/health/ready", "/metrics", "/health/ready"]) {
      const res = await fetch(`http://127.0.0.1:${port}${p}`);
      await res.text();
      expect(res.status, p).toBe(200);
    }
    expect(w.output()).not.toContain("WASM_COMPILED by=other");
    // The watch probes every 100 ms: give it one more round after the last order.
    await new Promise((r) => setTimeout(r, 300));
    expect(w.output()).not.toContain("ASYNC_CONTEXT_ON");
    expect(w.output()).not.toContain("PROMISE_HOOKS_ON");
  });
});
