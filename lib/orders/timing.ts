// The pipeline's clocks, derived in one place from the settings (docs/reliability.md "Deadlines").
// A grommunio attempt may take four requests (login, call, re-login after a refused token,
// resend), each up to UPSTREAM_TIMEOUT_MS: that is the attempt's one overall deadline, and the
// relay's limits and the delay before looking up a maybe-applied create are sized to cover it.

export type PipelineTiming = {
  /** Every upstream request of one attempt together ends within this. */
  attemptDeadlineMs: number;
  /** After a maybe-applied create: wait this long before the lookup, so a late commit has landed. */
  lookupDelayMs: number;
  /** A worker silent for this long is presumed dead and its attempts are released. */
  staleWorkerMs: number;
  /** An attempt older than this is released even if its worker still beats: it cannot be running. */
  hardLimitMs: number;
  /** A current attempt missing from a heartbeat this much newer than its start was lost by its worker. */
  lostAttemptMarginMs: number;
  /** How long a queued (or due) order may sit before the relay rings again. */
  graceMs: number;
};

export function pipelineTiming(e: {
  UPSTREAM_TIMEOUT_MS: number;
  WORKER_HEARTBEAT_MS: number;
  RELAY_INTERVAL_MS: number;
}): PipelineTiming {
  const attemptDeadlineMs = 4 * e.UPSTREAM_TIMEOUT_MS;
  const staleWorkerMs = 4 * e.WORKER_HEARTBEAT_MS;
  return {
    attemptDeadlineMs,
    lookupDelayMs: attemptDeadlineMs,
    staleWorkerMs,
    hardLimitMs: attemptDeadlineMs + staleWorkerMs,
    // Wide enough that a beat delayed by a busy connection pool never misses a fresh attempt.
    lostAttemptMarginMs: staleWorkerMs,
    graceMs: Math.max(1_000, 3 * e.RELAY_INTERVAL_MS),
  };
}
