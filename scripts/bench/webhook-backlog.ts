// Diagnostic: how fast, and in what order, a worker drains one endpoint's backlog of deliveries
// all due at once (as turning the endpoint back on after an outage makes them): N rows written in
// order, a receiver that answers 200 after L ms, the worker as `npm run worker` starts it with the
// default WEBHOOK_CONCURRENCY and WEBHOOK_POLL_MS. Prints the drain's rate and how far the order
// the receiver saw strays from the order the events were written (docs/webhooks.md "Delivery").
// With `two`, a second reseller's endpoint has a backlog of N too, and a third reseller's endpoint
// gets one new event every 500 ms meanwhile: how long those wait while two backlogs drain.
// Asserts nothing.   Run: npx tsx scripts/bench/webhook-backlog.ts [N=3000] [L=20] [two]
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { report, sleep } from "./lib/bench-kit";
import { benchStack, seedTenant, startBenchWorker } from "./lib/bench-stack";

const n = Number(process.argv[2] ?? 3_000);
const latencyMs = Number(process.argv[3] ?? 20);
const two = process.argv[4] === "two";

await benchStack({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" });
const { db, disconnectDb } = await import("../../lib/db");
const { createWebhookEndpoint } = await import("../../lib/webhooks/endpoints");

// The order each delivery of the first backlog was written in, by its id (the request's
// webhook-id); when each of the third reseller's events was written and first arrived.
const writtenAt = new Map<string, number>();
const seen: number[] = [];
const thirdWritten = new Map<string, number>();
const thirdWaited: number[] = [];
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on("end", () =>
    setTimeout(() => {
      const id = String(req.headers["webhook-id"]);
      const i = writtenAt.get(id);
      if (i !== undefined) seen.push(i);
      const at = thirdWritten.get(id);
      if (at !== undefined) {
        thirdWaited.push(Date.now() - at);
        thirdWritten.delete(id);
      }
      res.writeHead(200).end();
    }, latencyMs),
  );
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));

/** A reseller with one endpoint at the receiver. */
async function endpointOfNewReseller() {
  const t = await seedTenant();
  const ep = await createWebhookEndpoint(t.user, {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    events: ["order.placed"],
  });
  if (!ep.ok) throw new Error(JSON.stringify(ep.fieldErrors));
  return { endpointId: ep.id, resellerId: t.reseller.id };
}

const delivery = (to: { endpointId: string; resellerId: string }, id: string, due: Date, createdAt: Date) => ({
  id,
  endpointId: to.endpointId,
  resellerId: to.resellerId,
  eventType: "order.placed",
  payload: { type: "order.placed", data: {} },
  nextAttemptAt: due,
  createdAt,
});

/** N deliveries, all due at once, written in order; `track` records their written order. */
async function writeBacklog(to: { endpointId: string; resellerId: string }, track: boolean) {
  const due = new Date();
  const rows = Array.from({ length: n }, (_, i) => {
    const id = randomUUID();
    if (track) writtenAt.set(id, i);
    return delivery(to, id, due, new Date(due.getTime() - n + i));
  });
  for (let i = 0; i < rows.length; i += 5_000)
    await db().webhookDelivery.createMany({ data: rows.slice(i, i + 5_000) });
}

const ep = await endpointOfNewReseller();
await writeBacklog(ep, true);
const second = two ? await endpointOfNewReseller() : undefined;
if (second) await writeBacklog(second, false);
const third = two ? await endpointOfNewReseller() : undefined;

const worker = await startBenchWorker();
const started = Date.now();
let firstHalfAt = 0;
// The third reseller's events, one every 500 ms while the backlogs drain.
const events = third
  ? setInterval(() => {
      const id = randomUUID();
      thirdWritten.set(id, Date.now());
      // A Prisma query runs only once awaited or then-ed: `.catch` starts it.
      db()
        .webhookDelivery.create({ data: delivery(third, id, new Date(), new Date()) })
        .catch((e: unknown) => console.error(`the third reseller's event was not written: ${String(e).slice(0, 200)}`));
    }, 500)
  : undefined;
try {
  for (;;) {
    const left = await db().webhookDelivery.count({
      where: { endpointId: { in: [ep.endpointId, ...(second ? [second.endpointId] : [])] }, status: "pending" },
    });
    if (!firstHalfAt && left <= n / 2) firstHalfAt = Date.now();
    if (left === 0 || Date.now() - started > 15 * 60_000) break;
    await sleep(200);
  }
} finally {
  if (events) clearInterval(events);
  // The third reseller's last events: a moment to arrive.
  for (let i = 0; i < 50 && thirdWritten.size > 0; i++) await sleep(200);
  await worker.stop();
}
const seconds = (Date.now() - started) / 1000;
// How far from its place each arrival came: |position seen − position written|, over the first
// arrival of each delivery.
const firstSeen = [...new Set(seen)];
const displacement = firstSeen.map((written, position) => Math.abs(written - position)).sort((a, b) => a - b);
const at = (p: number) => displacement[Math.min(displacement.length - 1, Math.floor(p * displacement.length))] ?? NaN;
const waited = [...thirdWaited].sort((a, b) => a - b);
const waitedAt = (p: number) => waited[Math.min(waited.length - 1, Math.floor(p * waited.length))] ?? NaN;
const thirdRows = third
  ? [
      { metric: "third reseller: events sent meanwhile", measured: waited.length, unit: "deliveries" },
      { metric: "third reseller: events never sent by the end", measured: thirdWritten.size, unit: "deliveries" },
      { metric: "third reseller: written → arrived, median", measured: waitedAt(0.5), unit: "ms" },
      { metric: "third reseller: written → arrived, max", measured: waited.at(-1) ?? NaN, unit: "ms" },
    ]
  : [];
report(
  `Webhook backlog of ${n} at ${latencyMs} ms a request, ${two ? "two resellers' endpoints, and a third's events" : "one endpoint"}`,
  [
    { metric: "delivered (the first backlog)", measured: firstSeen.length, unit: "deliveries" },
    { metric: "requests (repeats included)", measured: seen.length, unit: "requests" },
    { metric: "drain time", measured: Math.round(seconds * 10) / 10, unit: "s" },
    {
      metric: "rate, the backlogs together",
      measured: Math.round((firstSeen.length * (two ? 2 : 1)) / seconds),
      unit: "per s",
    },
    {
      metric: "time to the first half",
      measured: firstHalfAt ? Math.round((firstHalfAt - started) / 100) / 10 : NaN,
      unit: "s",
    },
    { metric: "order: arrival's distance from its written place, median", measured: at(0.5), unit: "places" },
    { metric: "order: the same, p99", measured: at(0.99), unit: "places" },
    ...thirdRows,
  ],
);
receiver.close();
await disconnectDb();
process.exit(0);
