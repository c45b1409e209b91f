// uWSGI runs grommunio's admin API with 1 process × 4 threads (docs/upstream/grommunio.md §1): at most N requests
// are processed at once, the rest wait in the listen queue. Only matters when a processing time
// is configured (flags.latencyMs), e.g. for benchmarks with a realistic upstream.
export class WorkerSlots {
  private busy = 0;
  private waiting: Array<() => void> = [];

  async run<T>(limit: number, work: () => Promise<T>): Promise<T> {
    if (limit > 0 && this.busy >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
      this.waiting.shift()?.();
    }
  }
}
