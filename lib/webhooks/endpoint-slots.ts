// Fairness between receivers (docs/webhooks.md "Delivery"): a worker process sends to one
// endpoint, and to one reseller's endpoints together, at most `perEndpoint` deliveries at a time.
// Without a cap, one receiver that keeps timing out took every WEBHOOK_CONCURRENCY slot for as
// long as its backlog lasted, and other resellers' deliveries waited behind it; with a cap per
// endpoint only, one reseller's two such endpoints (production and staging on one host) took them
// all. A job over either cap gives its claim back at once (deliver.ts), unsent and uncounted, and
// is claimed again later; the dispatcher does not claim for an endpoint or reseller at its cap in
// this process (`atCap`).
//
// A send that succeeded may go on with its endpoint's next deliveries in the same slot (a pump,
// deliver.ts), holding the slot for seconds. Pumps are rationed so that they never hold what the
// others need: at most `perEndpoint` at once in the process (half its slots: the other half always
// turns over, one delivery per job, so a third reseller is never stuck behind two backlogs), and
// at most `perEndpoint` − 1 of one reseller's (at least one), so the reseller's other endpoints
// keep a slot beside one endpoint's backlog.

/** The cap of one endpoint, and of one reseller: half the process's slots, rounded down (at least one), so two slow receivers never fill them all. */
export function perEndpointCap(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency / 2));
}

export class EndpointSlots {
  private readonly inFlight = new Map<string, number>();
  private readonly pumping = new Map<string, number>();
  private pumps = 0;
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

  /** Whether a send to the reseller that succeeded may go on with its endpoint's next delivery; if so, counted until `endPump`. */
  startPump(resellerId: string): boolean {
    const n = this.pumping.get(resellerId) ?? 0;
    if (this.pumps >= this.perEndpoint || n >= Math.max(1, this.perEndpoint - 1)) return false;
    this.pumping.set(resellerId, n + 1);
    this.pumps++;
    return true;
  }

  endPump(resellerId: string): void {
    const n = (this.pumping.get(resellerId) ?? 0) - 1;
    if (n <= 0) this.pumping.delete(resellerId);
    else this.pumping.set(resellerId, n);
    this.pumps--;
  }

  /** The endpoints and resellers with all their slots in flight here: the dispatcher claims nothing of theirs now. */
  atCap(): { endpoints: string[]; resellers: string[] } {
    const full = (prefix: string) =>
      [...this.inFlight]
        .filter(([key, n]) => key.startsWith(prefix) && n >= this.perEndpoint)
        .map(([key]) => key.slice(prefix.length));
    return { endpoints: full("e:"), resellers: full("r:") };
  }

  private count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}
