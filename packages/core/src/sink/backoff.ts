// Retry delays: `initialMs` doubling up to `maxMs`, with jitter, counted per run of failures.

export interface BackoffLimits {
  readonly initialMs: number;
  readonly maxMs: number;
}

export class Backoff {
  #failures = 0;

  /**
   * `limits` is read at every delay, so a reconfigure's new retry options apply to the next wait. `random`
   * is there for tests.
   */
  constructor(
    readonly limits: () => BackoffLimits,
    readonly random: () => number = Math.random,
  ) {}

  /** Failures since the last `reset()`. */
  get failures(): number {
    return this.#failures;
  }

  /** Counts a failure and returns how long to wait before the next attempt, ms. */
  next(): number {
    const { initialMs, maxMs } = this.limits();
    const cap = Math.min(maxMs, initialMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    // Jitter: between half and all of the cap, so sinks that failed together do not retry together.
    return cap / 2 + (this.random() * cap) / 2;
  }

  reset(): void {
    this.#failures = 0;
  }
}

/**
 * The wait before a retry: the backoff's, or longer when the target asked for more (`retryAfterMs`, from an
 * HTTP `Retry-After`), but never past `maxMs`, the operator's bound on any one wait.
 */
export function retryDelay(backoffMs: number, retryAfterMs: number | undefined, maxMs: number): number {
  if (retryAfterMs === undefined || !(retryAfterMs > backoffMs)) return backoffMs;
  return Math.max(backoffMs, Math.min(retryAfterMs, maxMs));
}
