// A fixed-bucket histogram, cheap enough to observe on every hook call and every sink delivery.

/**
 * The one latency shape of exhook (hook counters and sink metrics alike): milliseconds, JSON-ready. Per-bucket
 * counts, not cumulative; `le` is the bucket's upper bound in ms, `null` for the bucket above the last bound.
 */
export interface LatencySnapshot {
  count: number;
  sumMs: number;
  buckets: { le: number | null; count: number }[];
}

export class Histogram {
  readonly #counts: Float64Array;
  #count = 0;
  #sum = 0;

  /** `bounds` ascending; one more bucket above the last bound takes everything larger. */
  constructor(readonly bounds: readonly number[]) {
    this.#counts = new Float64Array(bounds.length + 1);
  }

  get count(): number {
    return this.#count;
  }

  get sum(): number {
    return this.#sum;
  }

  observe(value: number): void {
    this.#count++;
    this.#sum += value;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.#counts[i]!++;
  }

  /** The histogram as a LatencySnapshot; `observe` must have been given milliseconds. */
  snapshot(): LatencySnapshot {
    const buckets: LatencySnapshot["buckets"] = [];
    for (let i = 0; i <= this.bounds.length; i++) {
      buckets.push({ le: this.bounds[i] ?? null, count: this.#counts[i]! });
    }
    return { count: this.#count, sumMs: this.#sum, buckets };
  }
}
