// A fixed-bucket histogram, cheap enough to observe on every hook call and every sink delivery.

export interface HistogramBucket {
  /** The bucket's upper bound (inclusive); `Infinity` for the last bucket, which takes the rest. */
  le: number;
  /** Observations in this bucket alone (not cumulative). */
  count: number;
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

  buckets(): HistogramBucket[] {
    const buckets: HistogramBucket[] = [];
    for (let i = 0; i <= this.bounds.length; i++) {
      buckets.push({ le: this.bounds[i] ?? Number.POSITIVE_INFINITY, count: this.#counts[i]! });
    }
    return buckets;
  }
}
