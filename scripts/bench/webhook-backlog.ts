// Diagnostic: how fast, and in what order, a worker drains one endpoint's backlog of deliveries
// all due at once (as turning the endpoint back on after an outage makes them): N rows written in
// order, a receiver that answers 200 after L ms, the worker as `npm run worker` starts it with the
// default WEBHOOK_CONCURRENCY and WEBHOOK_POLL_MS. Prints the drain's rate and how far the order
// the receiver saw strays from the order the events were written (docs/webhooks.md "Delivery").
// Asserts nothing.   Run: npx tsx scripts/bench/webhook-backlog.ts [N=3000] [L=20]
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { report, sleep } from "./lib/bench-kit";
import { benchStack, seedTenant, startBenchWorker } from "./lib/bench-stack";

const n = Number(process.argv[2] ?? 3_000);
const latencyMs = Number(process.argv[3] ?? 20);

await benchStack({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" });
const { db, disconnectDb } = await import("../../lib/db");
const { createWebhookEndpoint } = await import("../../lib/webhooks/endpoints");

// The order each delivery was written in, by its id (the request's webhook-id).
const writtenAt = new Map<string, number>();
const seen: number[] = [];
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on("end", () =>
    setTimeout(() => {
      const i = writtenAt.get(String(req.headers["webhook-id"]));
      if (i !== undefined) seen.push(i);
      res.writeHead(200).end();
    }, latencyMs),
  );
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));

const t = await seedTenant();
const ep = await createWebhookEndpoint(t.user, {
  url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
  events: ["order.placed"],
});
if (!ep.ok) throw new Error(JSON.stringify(ep.fieldErrors));
const due = new Date();
const rows = Array.from({ length: n }, (_, i) => {
  const id = randomUUID();
  writtenAt.set(id, i);
  return {
    id,
    endpointId: ep.id,
    resellerId: t.reseller.id,
    eventType: "order.placed",
    payload: { type: "order.placed", data: { n: i } },
    nextAttemptAt: due,
    createdAt: new Date(due.getTime() - n + i),
  };
});
for (let i = 0; i < rows.length; i += 5_000) await db().webhookDelivery.createMany({ data: rows.slice(i, i + 5_000) });

const worker = await startBenchWorker();
const started = Date.now();
let firstHalfAt = 0;
try {
  for (;;) {
    const left = await db().webhookDelivery.count({ where: { endpointId: ep.id, status: "pending" } });
    if (!firstHalfAt && left <= n / 2) firstHalfAt = Date.now();
    if (left === 0 || Date.now() - started > 15 * 60_000) break;
    await sleep(200);
  }
} finally {
  await worker.stop();
}
const seconds = (Date.now() - started) / 1000;
// How far from its place each arrival came: |position seen − position written|, over the first
// arrival of each delivery.
const firstSeen = [...new Set(seen)];
const displacement = firstSeen.map((written, position) => Math.abs(written - position)).sort((a, b) => a - b);
const at = (p: number) => displacement[Math.min(displacement.length - 1, Math.floor(p * displacement.length))] ?? NaN;
report(`Webhook backlog of ${n} at ${latencyMs} ms a request, one endpoint`, [
  { metric: "delivered", measured: firstSeen.length, unit: "deliveries" },
  { metric: "requests (repeats included)", measured: seen.length, unit: "requests" },
  { metric: "drain time", measured: Math.round(seconds * 10) / 10, unit: "s" },
  { metric: "rate", measured: Math.round(firstSeen.length / seconds), unit: "per s" },
  {
    metric: "time to the first half",
    measured: firstHalfAt ? Math.round((firstHalfAt - started) / 100) / 10 : NaN,
    unit: "s",
  },
  { metric: "order: arrival's distance from its written place, median", measured: at(0.5), unit: "places" },
  { metric: "order: the same, p99", measured: at(0.99), unit: "places" },
]);
receiver.close();
await disconnectDb();
process.exit(0);
