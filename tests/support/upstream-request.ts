// The upstream request the worker builds from a stored payload, through the same
// prepareStoredPayload() the worker calls. A payload that waits for another order (a domain on a
// server ordered here) has no request yet: that throws here, so a test says which it expects.
import { type OrderKindName, prepareStoredPayload, type Secrets, type UpstreamRequest } from "@/lib/orders/schemas";

export function upstreamRequestFor(kind: OrderKindName, payload: unknown, secrets: Secrets): UpstreamRequest {
  const prepared = prepareStoredPayload(kind, payload, () => undefined);
  if (!prepared.ready) throw new Error(`No request for this ${kind} payload: ${prepared.reason}`);
  return prepared.request(secrets);
}
