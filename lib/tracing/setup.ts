// Starts tracing for a process (docs/observability.md). Spans are always created, so trace ids
// reach the logs and cross the queue, but they leave the process only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. Tests pass their own processor (an in-memory exporter).
import { context, trace } from "@opentelemetry/api";
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { env } from "@/lib/env";
import { AsyncLocalContextManager } from "./context-manager";
import { OtlpJsonExporter } from "./otlp-exporter";

const g = globalThis as unknown as { portalTracing?: BasicTracerProvider };

export function initTracing(service: string, extra: SpanProcessor[] = []): BasicTracerProvider {
  if (g.portalTracing) return g.portalTracing;
  const e = env();
  const processors: SpanProcessor[] = [...extra];
  if (e.OTEL_EXPORTER_OTLP_ENDPOINT)
    processors.push(
      new BatchSpanProcessor(new OtlpJsonExporter(e.OTEL_EXPORTER_OTLP_ENDPOINT, e.OTEL_SERVICE_NAME ?? service)),
    );
  const provider = new BasicTracerProvider({ spanProcessors: processors });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  trace.setGlobalTracerProvider(provider);
  g.portalTracing = provider;
  return provider;
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
