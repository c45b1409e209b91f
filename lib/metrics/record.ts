// Thin, typed recorders for the call sites (places orders, state machine, worker, relay,
// sign-in, webhooks). Each is one line where it is called and never throws: a metric must
// not be able to fail an order.
import type { OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { metrics } from "./registry";

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    /* metrics are best effort */
  }
}

export const recordOrderPlaced = (kind: OrderKind) => safe(() => metrics().ordersPlaced.inc({ kind }));

export const recordTransition = (from: OrderStatus, to: OrderStatus) =>
  safe(() => metrics().transitions.inc({ from, to }));

export type UpstreamOperation = "create" | "lookup" | "change";
/** Outcome classes of lib/upstream/result.ts: success, found, absent, rejected, transient, unknown, auth; error = threw. */
export const recordUpstreamCall = (
  provider: Provider,
  operation: UpstreamOperation,
  outcome: string,
  seconds: number,
) =>
  safe(() => {
    const m = metrics();
    m.upstreamCalls.inc({ provider, operation, outcome });
    m.upstreamSeconds.observe({ provider, operation, outcome }, seconds);
  });

export const recordAttemptsPerOrder = (provider: Provider, status: "succeeded" | "failed", attempts: number) =>
  safe(() => metrics().attemptsPerOrder.observe({ provider, status }, attempts));

export const recordRelayDispatches = (reason: "due" | "recovered" | "promoted", count: number) =>
  safe(() => {
    if (count > 0) metrics().relayDispatches.inc({ reason }, count);
  });

/** For the webhook sender: one call per delivery attempt. */
export const recordWebhookDelivery = (outcome: "delivered" | "failed" | "gave_up") =>
  safe(() => metrics().webhookDeliveries.inc({ outcome }));

export const recordSignIn = (outcome: "success" | "invalid" | "throttled") =>
  safe(() => metrics().signIns.inc({ outcome }));

export const recordJob = (provider: Provider, result: "written" | "skipped" | "dropped" | "error") =>
  safe(() => metrics().jobs.inc({ provider, result }));
