// Span helpers for the thin call sites: the server action, the job, each attempt and each
// upstream HTTP request (docs/observability.md). Attributes hold kinds, ids and statuses; never
// names, bodies or credentials.
import { type Attributes, type Context, context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

import { portalTracer } from "./setup";

// A process that did not start tracing itself (the web server, whichever way Next.js was
// started) starts it at its first span, named portal-web.
const tracer = portalTracer;

/** Runs fn inside a new span (child of the active one); marks the span failed when fn throws. */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return inSpan(undefined, name, attributes, (span, ctx) => context.with(ctx, () => fn(span)), kind);
}

/**
 * Runs fn inside a new span whose parent is `parent` (the active span's when undefined), and hands
 * fn the new span's context to pass on by hand. Nothing is made active: the worker registers no
 * context manager (an AsyncLocalStorage would put a hook on every promise of the process), so
 * its job, attempt and HTTP spans name their parents explicitly (docs/observability.md).
 */
export async function inSpan<T>(
  parent: Context | undefined,
  name: string,
  attributes: Attributes,
  fn: (span: Span, ctx: Context) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  const base = parent ?? context.active();
  const span = tracer().startSpan(name, { attributes, kind }, base);
  try {
    return await fn(span, trace.setSpan(base, span));
  } catch (err) {
    // Next.js redirects are thrown on purpose; record the type only, never the message's data.
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? "error" });
    throw err;
  } finally {
    span.end();
  }
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** W3C traceparent of the span in `ctx` (the active one by default), or undefined when there is none. */
export function activeTraceparent(ctx: Context = context.active()): string | undefined {
  const sc = trace.getSpan(ctx)?.spanContext();
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 1).toString(16).padStart(2, "0")}`;
}

/** The context of a remote parent from a traceparent (as a job carries it), or undefined. */
export function remoteParent(traceparent: string | undefined): Context | undefined {
  const m = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!m) return undefined;
  return trace.setSpanContext(context.active(), {
    traceId: m[1]!,
    spanId: m[2]!,
    traceFlags: Number.parseInt(m[3]!, 16),
    isRemote: true,
  });
}

/** Runs fn with the remote parent from a traceparent (as a job carries it) made active. */
export function withRemoteParent<T>(traceparent: string | undefined, fn: () => Promise<T>): Promise<T> {
  const parent = remoteParent(traceparent);
  return parent ? context.with(parent, fn) : fn();
}

/** Trace and span id of the span in `ctx` (the active one by default), for log lines. */
export function activeTraceIds(ctx: Context = context.active()): { traceId: string; spanId: string } | undefined {
  const sc = trace.getSpan(ctx)?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? { traceId: sc.traceId, spanId: sc.spanId } : undefined;
}

export { SpanKind };
