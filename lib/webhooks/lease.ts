// How long a claimed delivery is held for its send (docs/webhooks.md "Delivery"): longer than the
// longest send, so a live sender is never overtaken by a re-claim (deliver.ts renews it as a send
// starts).
export const leaseMs = (s: { timeoutMs: number }) => 2 * s.timeoutMs + 5_000;

/**
 * How much before the endpoint's failing_since a delivery's round may begin and still count as
 * lost to the outage (deliver.ts): two first failures racing at the outage's start write the
 * round's first try and failing_since milliseconds apart. A lease is a generous margin for that;
 * at most a tenth of a round, since a delivery the receiver refused began its round a whole
 * round before.
 */
export const outageSlackMs = (s: { timeoutMs: number; retryForMs: number }) =>
  Math.min(leaseMs(s), Math.floor(s.retryForMs / 10));
