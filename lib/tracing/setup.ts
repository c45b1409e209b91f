// Starts tracing for a process (docs/observability.md). Spans are always created, so trace ids
// reach the logs and cross the queue, but they leave the process only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. Tests pass their own processor (an in-memory exporter).
import { context, type Tracer, trace } from "@opentelemetry/api";
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { env } from "@/lib/env";
import { AsyncLocalContextManager } from "./context-manager";
import { OtlpJsonExporter } from "./otlp-exporter";

// A process with invalid settings reports them where it validates them at start; tracing then
// runs without an exporter rather than failing a second time here.
function settings() {
  try {
    return env();
  } catch {
    return undefined;
  }
}

declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var portalTracing: BasicTracerProvider | undefined;
}
const g = globalThis;

/**
 * `asyncContext: false` (the worker) registers no context manager: an AsyncLocalStorage turns on
 * a hook for every promise of the process, about 5 % of the worker's CPU per order
 * (docs/benchmarks/worker.md "Async context passed by hand"). Such a process passes span contexts
 * explicitly (`inSpan` in lib/tracing/spans.ts); the web keeps the manager for its actions.
 */
export function initTracing(
  service: string,
  extra: SpanProcessor[] = [],
  opts: { asyncContext?: boolean } = {},
): BasicTracerProvider {
  if (g.portalTracing) return g.portalTracing;
  const processors: SpanProcessor[] = [...extra];
  const e = settings();
  if (e?.OTEL_EXPORTER_OTLP_ENDPOINT)
    processors.push(
      new BatchSpanProcessor(new OtlpJsonExporter(e.OTEL_EXPORTER_OTLP_ENDPOINT, e.OTEL_SERVICE_NAME ?? service)),
    );
  const provider = new BasicTracerProvider({ spanProcessors: processors });
  if (opts.asyncContext !== false) context.setGlobalContextManager(new AsyncLocalContextManager());
  // Next.js records its own spans (request, routing, route execution: several per request)
  // whenever a tracer provider is registered globally, and that costs the web process CPU on
  // every request. They are worth it only when spans leave the process; otherwise our spans
  // come from our provider directly (portalTracer below) and Next's stay no-ops
  // (docs/observability.md "Traces", docs/benchmarks.md).
  if (processors.length > 0) trace.setGlobalTracerProvider(provider);
  g.portalTracing = provider;
  return provider;
}

/** The tracer our spans come from (lib/tracing/spans.ts), whether or not it is registered globally. */
export function portalTracer(): Tracer {
  if (!g.portalTracing) initTracing("portal-web");
  return g.portalTracing!.getTracer("mail-reseller-portal");
}

/** Sends what is buffered (worker shutdown). */
export async function shutdownTracing(): Promise<void> {
  const p = g.portalTracing;
  if (!p) return;
  await p.forceFlush().catch(() => undefined);
  await p.shutdown().catch(() => undefined);
  g.portalTracing = undefined;
  trace.disable();
  context.disable();
}
