// What a call into a sink came to, as a value: ok, retryable or fatal, with how many records went first.
import { SinkError } from "./errors.js";

export type SinkOutcome =
  | { readonly kind: "ok" }
  /**
   * The target is away: try again after a backoff (at least `retryAfterMs`, when the target said). `delivered`
   * records of the batch went (default 0).
   */
  | {
      readonly kind: "retryable";
      readonly error: unknown;
      readonly delivered: number;
      readonly retryAfterMs: number | undefined;
    }
  /**
   * It can never go. With `delivered`, the records before it went and the one at `delivered` is the bad one;
   * without it, the whole call failed (every record of the batch is bad).
   */
  | { readonly kind: "fatal"; readonly error: unknown; readonly delivered: number | undefined };

const ok: SinkOutcome = { kind: "ok" };

/** Classifies what a sink threw: a `SinkError` says retryable or not; anything else is fatal. */
export function outcomeOf(error: unknown): SinkOutcome {
  const delivered = error instanceof SinkError ? error.delivered : undefined;
  if (error instanceof SinkError && error.retryable) {
    return { kind: "retryable", error, delivered: delivered ?? 0, retryAfterMs: error.retryAfterMs };
  }
  return { kind: "fatal", error, delivered };
}

/** Runs one call into a sink and turns a throw into its outcome; never rejects. */
export async function attempt(call: () => Promise<void>): Promise<SinkOutcome> {
  try {
    await call();
    return ok;
  } catch (error) {
    return outcomeOf(error);
  }
}
