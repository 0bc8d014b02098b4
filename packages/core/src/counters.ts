// Call counters and latency histograms per hook and per handler group, cheap enough for every call.
import { Histogram } from "./histogram.js";

/** Upper bounds of the latency buckets, in microseconds; the last bucket is everything above. */
export const latencyBucketsMicros: readonly number[] = [
  50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
  2_500_000, 5_000_000,
];

export interface LatencySnapshot {
  /** Bucket upper bounds in microseconds (`Infinity` last) with the count in each (not cumulative). */
  buckets: { le: number; count: number }[];
  count: number;
  sumMicros: number;
}

export interface CounterSnapshot {
  calls: number;
  ok: number;
  failed: number;
  /** Overran the deadline, or the call was already over for the broker (DEADLINE_EXCEEDED, cancelled). */
  timedOut: number;
  latency: LatencySnapshot;
}

export class Counters {
  calls = 0;
  ok = 0;
  failed = 0;
  timedOut = 0;
  readonly #latencyMicros = new Histogram(latencyBucketsMicros);

  /** Records the latency of one call, in milliseconds as `performance.now()` gives them. */
  observe(elapsedMs: number): void {
    this.#latencyMicros.observe(elapsedMs * 1000);
  }

  snapshot(): CounterSnapshot {
    const latency = this.#latencyMicros;
    return {
      calls: this.calls,
      ok: this.ok,
      failed: this.failed,
      timedOut: this.timedOut,
      latency: { buckets: latency.buckets(), count: latency.count, sumMicros: Math.round(latency.sum) },
    };
  }
}
