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
  const m = {
    register,
    ordersPlaced: new client.Counter({
      name: "portal_orders_placed_total",
      help: "Orders committed by placement, by order kind",
      labelNames: ["kind"] as const,
      registers: [register],
    }),
    transitions: new client.Counter({
      name: "portal_order_transitions_total",
      help: "Order status transitions written, by from and to status",
      labelNames: ["from", "to"] as const,
      registers: [register],
    }),
    upstreamCalls: new client.Counter({
      name: "portal_upstream_calls_total",
      help: "Upstream operations (create or lookup) by provider, operation and outcome class",
      labelNames: ["provider", "operation", "outcome"] as const,
      registers: [register],
    }),
    upstreamSeconds: new client.Histogram({
      name: "portal_upstream_call_duration_seconds",
      help: "Time of one upstream operation (all its HTTP requests, login included)",
      labelNames: ["provider", "operation", "outcome"] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      registers: [register],
    }),
    attemptsPerOrder: new client.Histogram({
      name: "portal_order_attempts",
      help: "Attempts an order took, observed when a worker moves it to succeeded or failed",
      labelNames: ["provider", "status"] as const,
      buckets: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20],
      registers: [register],
    }),
    relayDispatches: new client.Counter({
      name: "portal_relay_dispatches_total",
      help: "Orders the dispatch relay enqueued, by reason (due, recovered from a stopped worker, promoted dependent)",
      labelNames: ["reason"] as const,
      registers: [register],
    }),
    webhookDeliveries: new client.Counter({
      name: "portal_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome (delivered, failed, gave_up)",
      labelNames: ["outcome"] as const,
      registers: [register],
    }),
    signIns: new client.Counter({
      name: "portal_sign_in_attempts_total",
      help: "Sign-in attempts by outcome (success, invalid, throttled)",
      labelNames: ["outcome"] as const,
      registers: [register],
    }),
    jobs: new client.Counter({
      name: "portal_worker_jobs_total",
      help: "Provisioning jobs a worker ran, by provider and result (written, skipped, dropped, error)",
      labelNames: ["provider", "result"] as const,
      registers: [register],
    }),
  };
  return m;
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
