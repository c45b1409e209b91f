// Span helpers for the thin call sites: the server action, the job, each attempt and each
// upstream HTTP request (docs/observability.md). Attributes hold kinds, ids and statuses; never
// names, bodies or credentials.
import { type Attributes, context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

import { portalTracer } from "./setup";

// A process that did not start tracing itself (the web server, whichever way Next.js was
// started) starts it at its first span, named portal-web.
const tracer = portalTracer;

/** Runs fn inside a new span (child of the active one); marks the span failed when fn throws. */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      // Next.js redirects are thrown on purpose; record the type only, never the message's data.
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? "error" });
      throw err;
    } finally {
      span.end();
    }
  });
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** W3C traceparent of the active span, or undefined when there is none. */
export function activeTraceparent(): string | undefined {
  const sc = trace.getActiveSpan()?.spanContext();
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 1).toString(16).padStart(2, "0")}`;
}

/** Runs fn with the remote parent from a traceparent (as a job carries it) made active. */
export function withRemoteParent<T>(traceparent: string | undefined, fn: () => Promise<T>): Promise<T> {
  const m = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!m) return fn();
  const parent = trace.setSpanContext(context.active(), {
    traceId: m[1]!,
    spanId: m[2]!,
    traceFlags: Number.parseInt(m[3]!, 16),
    isRemote: true,
  });
  return context.with(parent, fn);
}

/** Trace and span id of the active span, for log lines. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const sc = trace.getActiveSpan()?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? { traceId: sc.traceId, spanId: sc.spanId } : undefined;
}

export { SpanKind };
