// One order yields one connected trace: the action's span, the job that continued it across
// the queue (the trace context travels in the job), the attempt and each upstream HTTP request,
// all under one trace id; and the worker's log lines carry that trace id. A real BullMQ worker
// runs in this process so an in-memory exporter sees every span; the upstream is the simulator.

import { randomUUID } from "node:crypto";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { closeProducer, enqueueOrder } from "@/lib/jobs/enqueue-order";
import { PROVISION_QUEUES } from "@/lib/jobs/provision-job";
import { upstreamCallsFromEnv } from "@/lib/services/upstream-calls";
import { initTracing, shutdownTracing } from "@/lib/tracing/setup";
import { withSpan } from "@/lib/tracing/spans";
import { instrumentCalls } from "@/workers/instrumented-calls";
import type { ProvisionContext } from "@/workers/processors/context";
import { handleProvisionJob } from "@/workers/provision-job-handler";
import { makeTenant, type Tenant } from "../factories";
import { callApi } from "./api-client";
import { forms, place, quiesceOrders, waitForOrder } from "./pipeline-fixtures";

const exporter = new InMemorySpanExporter();
let t: Tenant;
let worker: Worker;
let connection: Redis;
const logLines: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  // The stack logs warnings only; this test reads the info line every finished attempt writes.
  process.env.LOG_LEVEL = "info";
  resetEnvCache();
  await quiesceOrders();
  // A file before this one in the same process may have started tracing without an exporter.
  await shutdownTracing();
  initTracing("trace-test", [new SimpleSpanProcessor(exporter)]);
  t = await makeTenant();
  const ctx: ProvisionContext = {
    workerId: "trace-test-worker",
    calls: instrumentCalls(upstreamCallsFromEnv()),
    settings: {
      maxAttempts: 3,
      retryBaseMs: 50,
      retryMaxMs: 200,
      unknownLookupDelayMs: 200,
      attemptDeadlineMs: 20_000,
    },
    enqueue: enqueueOrder,
    inFlight: new Map(),
  };
  connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  worker = new Worker(PROVISION_QUEUES.qboxmail, (job) => handleProvisionJob("qboxmail", job.data, ctx), {
    connection,
    concurrency: 2,
  });
  // Keep the worker's log lines (lib/log.ts writes JSON lines to stdout) to look for the trace id.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    logLines.push(String(chunk));
    return realWrite(chunk, ...rest);
  }) as typeof process.stdout.write;
});

/** The order turns succeeded in Postgres before the job's span ends (the handler still records the
 * result), so wait for the span rather than read the exporter at once. */
async function finishedJobSpan(orderId: string): Promise<ReadableSpan | undefined> {
  const until = Date.now() + 10_000;
  for (;;) {
    const span = exporter
      .getFinishedSpans()
      .find((s) => s.name === `job ${PROVISION_QUEUES.qboxmail}` && s.attributes["order.id"] === orderId);
    if (span || Date.now() > until) return span;
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(async () => {
  process.stdout.write = realWrite;
  process.env.LOG_LEVEL = "warn";
  resetEnvCache();
  await worker.close();
  connection.disconnect();
  await quiesceOrders();
  await shutdownTracing();
  await closeProducer();
  await disconnectDb();
});

it("places, queues and provisions one order under one trace", async () => {
  const placed = await withSpan("action order.place", { "order.kind": "qboxmail_domain" }, () =>
    place(t, "qboxmail_domain", forms.qboxmail_domain()),
  );
  if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
  const order = await waitForOrder(placed.orderId, (o) => o.status === "succeeded");
  expect(order.status).toBe("succeeded");
  await finishedJobSpan(placed.orderId);

  const spans = exporter.getFinishedSpans();
  const root = spans.find((s) => s.name === "action order.place")!;
  expect(root).toBeDefined();
  const traceId = root.spanContext().traceId;
  const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
  const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
  const parentOf = (s: ReadableSpan) => (s.parentSpanContext ? byId.get(s.parentSpanContext.spanId) : undefined);

  // Every span of the trace but the action's hangs off another span of the same trace.
  for (const s of inTrace) if (s !== root) expect(parentOf(s), `${s.name} has no parent in the trace`).toBeDefined();

  const job = inTrace.find((s) => s.name === `job ${PROVISION_QUEUES.qboxmail}`);
  expect(job, "the job continued the action's trace").toBeDefined();
  expect(job!.attributes["order.id"]).toBe(placed.orderId);
  expect(parentOf(job!)).toBe(root);
  const attempt = inTrace.find((s) => s.name === "attempt create");
  expect(attempt).toBeDefined();
  expect(parentOf(attempt!)).toBe(job);
  expect(attempt!.attributes["attempt.outcome"]).toBe("success");
  const http = inTrace.filter((s) => s.name.startsWith("HTTP "));
  expect(http.length).toBeGreaterThanOrEqual(1);
  for (const h of http) expect(parentOf(h)).toBe(attempt);
  expect(http.some((h) => h.attributes["http.response.status_code"] === 201)).toBe(true);

  // No span of this order started a trace of its own.
  const strays = spans.filter(
    (s) => s.attributes["order.id"] === placed.orderId && s.spanContext().traceId !== traceId,
  );
  expect(strays).toEqual([]);

  const finished = logLines
    .flatMap((l) => l.split("\n"))
    .filter((l) => l.includes('"attempt finished"') && l.includes(placed.orderId));
  expect(finished.length).toBe(1);
  expect(JSON.parse(finished[0]!)).toMatchObject({ orderId: placed.orderId, traceId });
});

it("continues the API request's trace when an order is placed through the reseller API", async () => {
  const token = await createApiToken(
    { ...t.user, resellerId: t.reseller.id },
    { name: `trace-${randomUUID()}`, scopes: ["orders:write"] },
  );
  if (!token.ok) throw new Error(JSON.stringify(token.fieldErrors));
  const placed = await callApi("POST", "/orders", {
    token: token.token,
    body: { kind: "qboxmail_domain", customerId: t.customer.id, fields: forms.qboxmail_domain() },
    headers: { "idempotency-key": `trace-${randomUUID()}` },
  });
  expect(placed.status).toBe(201);
  expect((await waitForOrder(placed.body.id, (o) => o.status === "succeeded")).status).toBe("succeeded");

  const job = await finishedJobSpan(placed.body.id);
  const spans = exporter.getFinishedSpans();
  expect(job).toBeDefined();
  const api = spans.find((s) => s.spanContext().spanId === job!.parentSpanContext?.spanId);
  expect(api?.name).toBe("api POST orders:write");
  expect(api!.spanContext().traceId).toBe(job!.spanContext().traceId);
  expect(api!.attributes["http.response.status_code"]).toBe(201);
});
