// Sends finished spans to an OpenTelemetry collector with OTLP over HTTP, JSON encoding
// (POST <endpoint>/v1/traces), the protocol every collector, Tempo and Jaeger accept. Small
// enough to own instead of adding the exporter package and its protobuf dependencies.
// Failures are reported to the SDK (which drops the batch): tracing never blocks the portal.
import type { Attributes, HrTime, SpanKind } from "@opentelemetry/api";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

type ExportResult = { code: 0 | 1; error?: Error };

const nanos = ([s, ns]: HrTime) => (BigInt(s) * 1_000_000_000n + BigInt(ns)).toString();

function value(v: unknown): Record<string, unknown> {
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(value) } };
  return { stringValue: String(v) };
}

const attributes = (a: Attributes) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({ key, value: value(v) }));

// OTLP's SpanKind is the API's plus one (0 = unspecified).
const kind = (k: SpanKind) => k + 1;

export function toOtlpJson(spans: ReadableSpan[], serviceName: string): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes({ "service.name": serviceName }) },
        scopeSpans: [
          {
            scope: { name: "mail-reseller-portal" },
            spans: spans.map((s) => ({
              traceId: s.spanContext().traceId,
              spanId: s.spanContext().spanId,
              parentSpanId: s.parentSpanContext?.spanId,
              name: s.name,
              kind: kind(s.kind),
              startTimeUnixNano: nanos(s.startTime),
              endTimeUnixNano: nanos(s.endTime),
              attributes: attributes(s.attributes),
              links: s.links.map((l) => ({
                traceId: l.context.traceId,
                spanId: l.context.spanId,
                attributes: attributes(l.attributes ?? {}),
              })),
              status: { code: s.status.code, message: s.status.message },
            })),
          },
        ],
      },
    ],
  };
}

export class OtlpJsonExporter implements SpanExporter {
  constructor(
    private endpoint: string,
    private serviceName: string,
    private timeoutMs = 10_000,
  ) {}

  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const url = `${this.endpoint.replace(/\/+$/, "")}/v1/traces`;
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(toOtlpJson(spans, this.serviceName)),
      signal: AbortSignal.timeout(this.timeoutMs),
    })
      .then((res) => done(res.ok ? { code: 0 } : { code: 1, error: new Error(`collector answered ${res.status}`) }))
      .catch((err: Error) => done({ code: 1, error: err }));
  }

  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}
