// Fairness between receivers (docs/webhooks.md "Delivery"): a worker process sends to one
// endpoint at most `perEndpoint` deliveries at a time. Without a cap, one receiver that keeps
// timing out took every WEBHOOK_CONCURRENCY slot for as long as its backlog lasted, and other
// resellers' deliveries waited behind it. A job over the cap gives its claim back at once
// (deliver.ts), unsent and uncounted, and is claimed again later.

/** The cap of one endpoint: half the process's slots, rounded down (at least one), so two slow receivers never fill them all. */
export function perEndpointCap(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency / 2));
}

export class EndpointSlots {
  private readonly inFlight = new Map<string, number>();

  constructor(readonly perEndpoint: number) {}

  /** Takes a slot for a send to `endpointId`; false when it already has `perEndpoint` in flight. */
  take(endpointId: string): boolean {
    const n = this.inFlight.get(endpointId) ?? 0;
    if (n >= this.perEndpoint) return false;
    this.inFlight.set(endpointId, n + 1);
    return true;
  }

  release(endpointId: string): void {
    const n = (this.inFlight.get(endpointId) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(endpointId);
    else this.inFlight.set(endpointId, n);
  }
}
