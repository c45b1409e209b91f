// Fairness between receivers (docs/webhooks.md "Delivery"): a worker process sends to one
// endpoint, and to one reseller's endpoints together, at most `perEndpoint` deliveries at a time.
// Without a cap, one receiver that keeps timing out took every WEBHOOK_CONCURRENCY slot for as
// long as its backlog lasted, and other resellers' deliveries waited behind it; with a cap per
// endpoint only, one reseller's two such endpoints (production and staging on one host) took them
// all. A job over either cap gives its claim back at once (deliver.ts), unsent and uncounted, and
// is claimed again later.

/** The cap of one endpoint, and of one reseller: half the process's slots, rounded down (at least one), so two slow receivers never fill them all. */
export function perEndpointCap(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency / 2));
}

export class EndpointSlots {
  private readonly inFlight = new Map<string, number>();
  /** Set when the worker stops: a send going on with its endpoint's next delivery stops after the one it is on (deliver.ts). */
  closing = false;

  constructor(readonly perEndpoint: number) {}

  /**
   * Takes a slot for a send to `endpointId` of `resellerId`; false when the endpoint, or the
   * reseller's endpoints together, already have `perEndpoint` in flight.
   */
  take(endpointId: string, resellerId: string): boolean {
    const endpoint = `e:${endpointId}`;
    const reseller = `r:${resellerId}`;
    if (this.count(endpoint) >= this.perEndpoint || this.count(reseller) >= this.perEndpoint) return false;
    this.inFlight.set(endpoint, this.count(endpoint) + 1);
    this.inFlight.set(reseller, this.count(reseller) + 1);
    return true;
  }

  release(endpointId: string, resellerId: string): void {
    for (const key of [`e:${endpointId}`, `r:${resellerId}`]) {
      const n = this.count(key) - 1;
      if (n <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, n);
    }
  }

  private count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}
