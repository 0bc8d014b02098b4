// Where a sink's worker is in its life: one state, and the transitions allowed between states.

/**
 * - `idle`: built, never opened.
 * - `opening`: `open()` is running.
 * - `open`: open, waiting for records.
 * - `sending`: `collect()` is running.
 * - `backing-off`: open, waiting to retry a batch the target refused (retryable).
 * - `reconnecting`: closed after a retryable `open()` failure, waiting to open again.
 * - `broken`: `open()` failed fatally; records are dropped as fatal until the sink is reconfigured.
 * - `closing`: `close()` is running before the worker opens again or parks (failed open, reconfigure).
 * - `paused`: closed and parked while a reconfigure swaps the sink.
 * - `shutting-down`: the runtime is done with the sink: `close()` for good. Nothing is counted as delivered now.
 * - `closed`: final.
 */
export type SinkState =
  | "idle"
  | "opening"
  | "open"
  | "sending"
  | "backing-off"
  | "reconnecting"
  | "broken"
  | "closing"
  | "paused"
  | "shutting-down"
  | "closed";

const allowed: Readonly<Record<SinkState, readonly SinkState[]>> = {
  idle: ["opening", "paused"],
  opening: ["open", "closing"],
  open: ["sending", "closing"],
  sending: ["open", "backing-off", "closing"],
  "backing-off": ["sending", "open", "closing"],
  reconnecting: ["opening", "paused"],
  broken: ["paused"],
  closing: ["reconnecting", "broken", "paused"],
  paused: ["opening", "paused"],
  "shutting-down": ["closed"],
  closed: [],
};

/** Whether the sink holds what `close()` must release (a connection, a file): every state between open and close. */
export function sinkIsOpen(state: SinkState): boolean {
  return state === "opening" || state === "open" || state === "sending" || state === "backing-off";
}

export class SinkLifecycleError extends Error {
  constructor(
    readonly from: SinkState,
    readonly to: SinkState,
  ) {
    super(`sink worker cannot go from ${from} to ${to}`);
    this.name = "SinkLifecycleError";
  }
}

/**
 * The state machine itself, without the sink: the worker asks it to move, and a move the table does not list
 * is a bug (thrown). Shutting down is allowed from every state and wins: once shutting down, a move that an
 * earlier await still makes (a reconfigure's open resolving late) is refused quietly with `false`.
 */
export class SinkLifecycle {
  #state: SinkState = "idle";

  get state(): SinkState {
    return this.#state;
  }

  /** Shutting down or closed: whatever is still running must not count or change anything. */
  get finished(): boolean {
    return this.#state === "shutting-down" || this.#state === "closed";
  }

  can(next: SinkState): boolean {
    return next === "shutting-down" ? !this.finished : allowed[this.#state].includes(next);
  }

  /** Moves to `next`; `false` if the worker is already shutting down; throws on a move the table does not allow. */
  to(next: SinkState): boolean {
    if (this.can(next)) {
      this.#state = next;
      return true;
    }
    if (this.finished) return false;
    throw new SinkLifecycleError(this.#state, next);
  }
}
