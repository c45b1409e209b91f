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
// others need: at most half the process's slots at once (none with a single slot: the other half
// always turns over, one delivery per job, so a third reseller is never stuck behind two
// backlogs), and at most `perEndpoint` − 1 of one reseller's (at least one). While an endpoint
// pumps here, the dispatcher claims none of its rows (`atCap`): its pumps send them, and (with a
// share of two slots or more) the reseller's last slot is left to its other endpoints, whose rows
// are newer than the backlog's.

/** The cap of one endpoint, and of one reseller: half the process's slots, rounded down (at least one), so two slow receivers never fill them all. */
export function perEndpointCap(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency / 2));
}

export class EndpointSlots {
  private readonly inFlight = new Map<string, number>();
  private readonly pumping = new Map<string, number>();
  private pumps = 0;
  private readonly maxPumps: number;
  /** Set when the worker stops: a send going on with its endpoint's next delivery stops after the one it is on (deliver.ts). */
  closing = false;

  /** `concurrency`: the process's slots (WEBHOOK_CONCURRENCY); by default two endpoints' shares. */
  constructor(
    readonly perEndpoint: number,
    concurrency = perEndpoint * 2,
  ) {
    this.maxPumps = Math.floor(concurrency / 2);
  }

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

  /** Whether a send that succeeded may go on with its endpoint's next delivery; if so, counted until `endPump`. */
  startPump(endpointId: string, resellerId: string): boolean {
    const reseller = `r:${resellerId}`;
    const n = this.pumping.get(reseller) ?? 0;
    if (this.pumps >= this.maxPumps || n >= Math.max(1, this.perEndpoint - 1)) return false;
    for (const key of [reseller, `e:${endpointId}`]) this.pumping.set(key, (this.pumping.get(key) ?? 0) + 1);
    this.pumps++;
    return true;
  }

  endPump(endpointId: string, resellerId: string): void {
    for (const key of [`r:${resellerId}`, `e:${endpointId}`]) {
      const n = (this.pumping.get(key) ?? 0) - 1;
      if (n <= 0) this.pumping.delete(key);
      else this.pumping.set(key, n);
    }
    this.pumps--;
  }

  /**
   * What the dispatcher claims nothing of now: the endpoints with all their slots in flight here or
   * a pump going on here, and the resellers with all their slots in flight here.
   */
  atCap(): { endpoints: string[]; resellers: string[] } {
    const full = (prefix: string) =>
      [...this.inFlight]
        .filter(([key, n]) => key.startsWith(prefix) && n >= this.perEndpoint)
        .map(([key]) => key.slice(prefix.length));
    const pumping = [...this.pumping.keys()].filter((k) => k.startsWith("e:")).map((k) => k.slice(2));
    return { endpoints: [...new Set([...full("e:"), ...pumping])], resellers: full("r:") };
  }

  private count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}
