// Wraps the upstream calls with a span per attempt's upstream operation and the call metrics
// (provider, operation, outcome class, latency). The HTTP requests inside get their own spans
// from lib/upstream/http.ts, children of this one: the scope handed on carries this span. Nothing
// here changes what a call returns.
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { recordUpstreamCall, type UpstreamOperation } from "@/lib/metrics/record";
import { orderKinds } from "@/lib/orders/schemas";
import type { UpstreamCalls } from "@/lib/services/upstream-calls";
import { inSpan } from "@/lib/tracing/spans";
import type { CallScope } from "@/lib/upstream/http";

async function observed<R extends { kind: string }>(
  kind: OrderKind,
  operation: UpstreamOperation,
  scope: CallScope | undefined,
  call: (inner: CallScope) => Promise<R>,
): Promise<R> {
  const provider = orderKinds[kind].provider;
  return inSpan(
    scope?.trace,
    `attempt ${operation}`,
    { "upstream.provider": provider, "order.kind": kind, "attempt.kind": operation },
    async (span, trace) => {
      const started = performance.now();
      try {
        const result = await call({ deadline: scope?.deadline, trace });
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
    create: (kind, req, scope) => observed(kind, "create", scope, (s) => calls.create(kind, req, s)),
    lookup: (kind, key, scope) => observed(kind, "lookup", scope, (s) => calls.lookup(kind, key, s)),
    // A change's read-back is a lookup like any other.
    read: (kind, ref, scope, naturalKey) =>
      observed(kind, "lookup", scope, (s) => calls.read(kind, ref, s, naturalKey)),
    domainAdminRole: (ref, scope) =>
      observed("grommunio_domain", "lookup", scope, (s) => calls.domainAdminRole(ref, s)),
    change: (kind, action, ref, payload, scope, password) =>
      observed(kind, "change", scope, (s) => calls.change(kind, action, ref, payload, s, password)),
  };
}
