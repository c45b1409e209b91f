// Wraps the upstream calls with a span per attempt's upstream operation and the call metrics
// (provider, operation, outcome class, latency). The HTTP requests inside get their own spans
// from lib/upstream/http.ts. Nothing here changes what a call returns.
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { recordUpstreamCall, type UpstreamOperation } from "@/lib/metrics/record";
import { orderKinds } from "@/lib/orders/schemas";
import type { UpstreamCalls } from "@/lib/services/upstream-calls";
import { withSpan } from "@/lib/tracing/spans";

async function observed<R extends { kind: string }>(
  kind: OrderKind,
  operation: UpstreamOperation,
  call: () => Promise<R>,
): Promise<R> {
  const provider = orderKinds[kind].provider;
  return withSpan(
    `attempt ${operation}`,
    { "upstream.provider": provider, "order.kind": kind, "attempt.kind": operation },
    async (span) => {
      const started = performance.now();
      try {
        const result = await call();
        span.setAttribute("attempt.outcome", result.kind);
        recordUpstreamCall(provider, operation, result.kind, (performance.now() - started) / 1000);
        return result;
      } catch (err) {
        recordUpstreamCall(provider, operation, "error", (performance.now() - started) / 1000);
        throw err;
      }
    },
  );
}

export function instrumentCalls(calls: UpstreamCalls): UpstreamCalls {
  return {
    create: (kind, req) => observed(kind, "create", () => calls.create(kind, req)),
    lookup: (kind, key) => observed(kind, "lookup", () => calls.lookup(kind, key)),
    // A change's read-back is a lookup like any other.
    read: (kind, ref) => observed(kind, "lookup", () => calls.read(kind, ref)),
    change: (kind, action, ref, payload) => observed(kind, "change", () => calls.change(kind, action, ref, payload)),
  };
}
