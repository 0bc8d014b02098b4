// Call counters and latency histograms per hook and per handler group, cheap enough for every call.
import { Histogram, type LatencySnapshot } from "./histogram.js";

export type { LatencySnapshot };

/** Upper bounds of a hook's latency buckets, in ms (50 µs to 5 s); the last bucket is everything above. */
export const hookLatencyBucketsMs: readonly number[] = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
];

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
  readonly #latency = new Histogram(hookLatencyBucketsMs);

  /** Records the latency of one call, in milliseconds as `performance.now()` gives them. */
  observe(elapsedMs: number): void {
    this.#latency.observe(elapsedMs);
  }

  snapshot(): CounterSnapshot {
    return {
      calls: this.calls,
      ok: this.ok,
      failed: this.failed,
      timedOut: this.timedOut,
      latency: this.#latency.snapshot(),
    };
  }
}
