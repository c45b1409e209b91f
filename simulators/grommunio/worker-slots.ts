// uWSGI runs grommunio's admin API with 1 process × 4 threads (docs/upstream/grommunio.md §1): at most N requests
// are processed at once, the rest wait in the listen queue. Only matters when a processing time
// is configured (flags.latencyMs), e.g. for benchmarks with a realistic upstream.
// It also counts how many requests were inside at once (arrived and not yet answered, waiting
// ones included): tests read the peak to prove clients never send more than the upstream serves.
export class WorkerSlots {
  private busy = 0;
  private waiting: Array<() => void> = [];
  private inside = 0;
  private peak = 0;

  async run<T>(limit: number, work: () => Promise<T>): Promise<T> {
    this.inside += 1;
    this.peak = Math.max(this.peak, this.inside);
    try {
      if (limit > 0 && this.busy >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.busy += 1;
      try {
        return await work();
      } finally {
        this.busy -= 1;
        this.waiting.shift()?.();
      }
    } finally {
      this.inside -= 1;
    }
  }

  /** Requests inside right now and the most there ever were at once since the last reset. */
  concurrency(): { now: number; peak: number } {
    return { now: this.inside, peak: this.peak };
  }

  resetPeak(): void {
    this.peak = this.inside;
  }
}
