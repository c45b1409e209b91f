// The process's Prometheus registry and every metric the portal defines (docs/observability.md).
// Web and worker processes each hold one; Next.js may load this module more than once per
// process (one copy per route bundle), so the registry lives on globalThis and is built once.
// Label values are bounded sets only (kinds, statuses, providers, outcome classes): never an
// order id, a name or an address.
import client from "prom-client";

function build() {
  const register = new client.Registry();
  // process_cpu_seconds_total, process_resident_memory_bytes, nodejs_eventloop_lag_* and friends.
  client.collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 20 });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new client.Counter<L>({ name, help, labelNames, registers: [register] });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new client.Histogram<L>({ name, help, labelNames, buckets, registers: [register] });
  const outcome = ["provider", "operation", "outcome"] as const;
  return {
    register,
    ordersPlaced: counter("portal_orders_placed_total", "Orders committed by placement, by order kind", ["kind"]),
    transitions: counter("portal_order_transitions_total", "Order status transitions written, by from and to status", [
      "from",
      "to",
    ]),
    upstreamCalls: counter(
      "portal_upstream_calls_total",
      "Upstream operations (create, lookup or change) by provider, operation and outcome class",
      outcome,
    ),
    upstreamSeconds: histogram(
      "portal_upstream_call_duration_seconds",
      "Time of one upstream operation (all its HTTP requests, login included)",
      outcome,
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    ),
    attemptsPerOrder: histogram(
      "portal_order_attempts",
      "Attempts an order took, observed when a worker moves it to succeeded or failed",
      ["provider", "status"],
      [1, 2, 3, 4, 5, 6, 8, 10, 15, 20],
    ),
    relayDispatches: counter(
      "portal_relay_dispatches_total",
      "Orders the dispatch relay enqueued, by reason (due, recovered from a stopped worker, promoted dependent)",
      ["reason"],
    ),
    webhookDeliveries: counter(
      "portal_webhook_deliveries_total",
      "Webhook delivery attempts by outcome (delivered, failed, gave_up)",
      ["outcome"],
    ),
    signIns: counter("portal_sign_in_attempts_total", "Sign-in attempts by outcome (success, invalid, throttled)", [
      "outcome",
    ]),
    jobs: counter(
      "portal_worker_jobs_total",
      "Provisioning jobs a worker ran, by provider and result (written, skipped, dropped, error)",
      ["provider", "result"],
    ),
  };
}

export type PortalMetrics = ReturnType<typeof build>;
declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var portalMetrics: PortalMetrics | undefined;
}
const g = globalThis;

export function metrics(): PortalMetrics {
  g.portalMetrics ??= build();
  return g.portalMetrics;
}
