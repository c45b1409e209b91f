// Starts tracing for a process (docs/observability.md). Spans are always created, so trace ids
// reach the logs and cross the queue, but they leave the process only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. Tests pass their own processor (an in-memory exporter).
import { context, trace } from "@opentelemetry/api";
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

export function initTracing(service: string, extra: SpanProcessor[] = []): BasicTracerProvider {
  if (g.portalTracing) return g.portalTracing;
  const processors: SpanProcessor[] = [...extra];
  const e = settings();
  if (e?.OTEL_EXPORTER_OTLP_ENDPOINT)
    processors.push(
      new BatchSpanProcessor(new OtlpJsonExporter(e.OTEL_EXPORTER_OTLP_ENDPOINT, e.OTEL_SERVICE_NAME ?? service)),
    );
  const provider = new BasicTracerProvider({ spanProcessors: processors });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  trace.setGlobalTracerProvider(provider);
  g.portalTracing = provider;
  return provider;
}

/**
 * Called before the first span: a process that did not start tracing itself (the web server,
 * whichever way Next.js was started) gets it here, named portal-web.
 */
export function ensureTracing(): void {
  if (!g.portalTracing) initTracing("portal-web");
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
