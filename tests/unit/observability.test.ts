import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionJobSchema } from "@/lib/jobs/provision-job";
import { tokenMatches } from "@/lib/metrics/expose";
import { toOtlpJson } from "@/lib/tracing/otlp-exporter";
import { initTracing, shutdownTracing } from "@/lib/tracing/setup";
import { activeTraceparent, withRemoteParent, withSpan } from "@/lib/tracing/spans";

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  initTracing("unit", [new SimpleSpanProcessor(exporter)]);
});
afterAll(() => shutdownTracing());

describe("metrics token", () => {
  it("accepts only the exact bearer token", () => {
    const token = "s3cret-token-0123456789";
    expect(tokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(tokenMatches(`bearer ${token}`, token)).toBe(true);
    expect(tokenMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(tokenMatches(token, token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches("Bearer ", token)).toBe(false);
  });
});

describe("trace context across the queue", () => {
  it("a traceparent taken inside a span continues that trace on the other side, after awaits", async () => {
    let carried: string | undefined;
    let parentIds: { traceId: string; spanId: string } | undefined;
    await withSpan("producer", {}, async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      carried = activeTraceparent();
      parentIds = span.spanContext();
    });
    expect(carried).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    // The job schema accepts it and stays strict about anything else.
    const job = provisionJobSchema.parse({ orderId: "6f1c2d3e-4a5b-4c6d-8e7f-001122334455", traceparent: carried });
    expect(() => provisionJobSchema.parse({ ...job, extra: 1 })).toThrow();
    expect(() => provisionJobSchema.parse({ ...job, traceparent: "00-zz" })).toThrow();

    await withRemoteParent(job.traceparent, () => withSpan("consumer", {}, async () => undefined));
    const consumer = exporter.getFinishedSpans().find((s) => s.name === "consumer")!;
    expect(consumer.spanContext().traceId).toBe(parentIds!.traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(parentIds!.spanId);
  });

  it("without a traceparent the job starts its own trace", async () => {
    expect(activeTraceparent()).toBeUndefined();
    await withRemoteParent(undefined, () => withSpan("lonely", {}, async () => undefined));
    const lonely = exporter.getFinishedSpans().find((s) => s.name === "lonely")!;
    expect(lonely.parentSpanContext).toBeUndefined();
  });
});

describe("OTLP JSON", () => {
  it("encodes ids, parent, times in nanoseconds, kind and attributes as OTLP expects", async () => {
    await withSpan("outer", { "order.kind": "qboxmail_domain", n: 3, ok: true }, () =>
      withSpan("inner", {}, async () => undefined),
    );
    const spans = exporter.getFinishedSpans().filter((s) => s.name === "outer" || s.name === "inner");
    const body = toOtlpJson(spans, "svc") as {
      resourceSpans: { resource: unknown; scopeSpans: { spans: Record<string, unknown>[] }[] }[];
    };
    expect(body.resourceSpans[0]!.resource).toEqual({
      attributes: [{ key: "service.name", value: { stringValue: "svc" } }],
    });
    const [inner, outer] = body.resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(inner!.parentSpanId).toBe(outer!.spanId);
    expect(outer!.kind).toBe(1);
    expect(outer!.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(outer!.attributes).toEqual([
      { key: "order.kind", value: { stringValue: "qboxmail_domain" } },
      { key: "n", value: { intValue: "3" } },
      { key: "ok", value: { boolValue: true } },
    ]);
  });
});
