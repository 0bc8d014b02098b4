// One hook call in flight: the context its handlers see and the state of its chain, one object per call.
import type { HookChain } from "./chain.js";
import type { Counters } from "./counters.js";
import type { HookName, ProtocolVersion, RequestMeta } from "./events.js";
import type { Logger } from "./logger.js";
import { ChainOutcome } from "./outcome.js";
import type { ResolvedPolicy } from "./policy.js";

export interface HookContext {
  readonly hook: HookName;
  /** The caller's protocol: v1 (EMQX 4), v2 (5.0-5.8), v3 (5.9+). */
  readonly version: ProtocolVersion;
  /** The broker node that called. */
  readonly meta: RequestMeta;
  /** Epoch milliseconds by which the answer must be decided (the hook's budget within the call's deadline). */
  readonly deadline: number;
  /** Aborts when the deadline passes, the broker cancels the call, or the server shuts down. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/** What the dispatcher needs of the transport's call: when the caller gives up, and its cancel signal. */
export interface Caller {
  /** Epoch ms; `Infinity` without a timeout. */
  readonly deadline: number;
  /** Read only if a handler asks for `ctx.signal`. */
  readonly signal: AbortSignal;
  /** True once the caller has its answer some other way (DEADLINE_EXCEEDED) or cancelled. */
  readonly ended?: boolean;
}

const timedOut: unique symbol = Symbol("timed out");
export type TimedOut = typeof timedOut;
export { timedOut };

/**
 * Handlers see it as their `HookContext`; the chain keeps its progress on it, so running a chain passes one
 * reference around instead of a dozen values. The AbortSignal and the deadline timer exist only when asked.
 */
export class HookCall implements HookContext {
  /** The chain's outcome so far. */
  outcome: ChainOutcome = ChainOutcome.Passed;
  /** A notification handler failed (the chain went on; the call counts as failed). */
  failed = false;
  #controller: AbortController | undefined = undefined;
  #abortReason: unknown = undefined;
  #timer: NodeJS.Timeout | undefined = undefined;
  #deadlineReached: Promise<TimedOut> | undefined = undefined;

  constructor(
    readonly hook: HookName,
    readonly version: ProtocolVersion,
    readonly meta: RequestMeta,
    readonly deadline: number,
    readonly logger: Logger,
    /** The decoded request, reshaped in place into the hook's event; a copy after `detach()`. */
    public event: object,
    readonly chain: HookChain,
    readonly policy: ResolvedPolicy,
    /** The hook's own counters (every call the broker made). */
    readonly counters: Counters,
    /** `performance.now()` when the call arrived. */
    readonly started: number,
    /**
     * The broker's value before any handler ran (`result`, or the `message` object): what a fail-open
     * answer leaves in place, so what the sinks must see then.
     */
    public original: unknown,
    /** The transport's call; `undefined` when nobody waits on the answer (OnProviderLoaded's handlers). */
    readonly caller: Caller | undefined,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
      const upstream = this.caller?.signal;
      if (upstream !== undefined) {
        if (upstream.aborted) controller.abort(upstream.reason);
        else upstream.addEventListener("abort", () => controller.abort(upstream.reason), { once: true });
      }
    }
    return this.#controller.signal;
  }

  /**
   * Lets go of the event the handlers hold, keeping a copy: a handler past its deadline may still change
   * its event after the answer, and the answer and the sinks' record must be what the broker was told.
   * Only timed-out calls pay for the copy.
   */
  detach(): void {
    try {
      [this.event, this.original] = structuredClone([this.event, this.original]) as [object, unknown];
    } catch {
      // A handler put something uncloneable (a function) on the event: at least its top level is ours.
      this.event = { ...this.event };
    }
  }

  abort(reason: unknown): void {
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  /** Resolves with `timedOut` at the deadline; one timer per call, started by the first async handler. */
  deadlineReached(): Promise<TimedOut> {
    if (this.#deadlineReached === undefined) {
      this.#deadlineReached = new Promise<TimedOut>((resolve) => {
        this.#timer = setTimeout(resolve, Math.max(0, this.deadline - Date.now()), timedOut);
      });
    }
    return this.#deadlineReached;
  }

  /** The chain is over: no timer may keep the process (or the call) alive. */
  ended(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}
