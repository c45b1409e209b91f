// uWSGI runs grommunio's admin API with 1 process × 4 threads (docs/upstream/grommunio.md §1): at most N requests
// are processed at once, the rest wait in the listen queue. Only matters when a processing time
// is configured (flags.latencyMs), e.g. for benchmarks with a realistic upstream.
// It also counts how many requests were inside at once (arrived and not yet answered, waiting
// ones included): tests read the peak to prove clients never send more than the upstream serves.
// And how many were being processed at once (not waiting): tests read that peak to prove the
// limit itself holds.
export class WorkerSlots {
  private busy = 0;
  private busyPeak = 0;
  private waiting: Array<() => void> = [];
  private inside = 0;
  private peak = 0;

  async run<T>(limit: number, work: () => Promise<T>): Promise<T> {
    this.inside += 1;
    this.peak = Math.max(this.peak, this.inside);
    try {
      if (limit > 0 && this.busy >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.busy += 1;
      this.busyPeak = Math.max(this.busyPeak, this.busy);
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

  /**
   * Requests inside right now and the most there ever were at once since the last reset; and of
   * them, those being processed (not waiting for a slot), now and at most.
   */
  concurrency(): { now: number; peak: number; processing: number; processingPeak: number } {
    return { now: this.inside, peak: this.peak, processing: this.busy, processingPeak: this.busyPeak };
  }

  resetPeak(): void {
    this.peak = this.inside;
    this.busyPeak = this.busy;
  }
}
