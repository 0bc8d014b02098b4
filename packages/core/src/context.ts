// The per-call context handlers receive: who called, with which protocol, and until when.
import type { HookName, ProtocolVersion, RequestMeta } from "./events.js";
import type { Logger } from "./logger.js";

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

/** Created once per call; the AbortSignal only when a handler asks for it. */
export class CallContext implements HookContext {
  #controller: AbortController | undefined;
  #abortReason: unknown;

  constructor(
    readonly hook: HookName,
    readonly version: ProtocolVersion,
    readonly meta: RequestMeta,
    readonly deadline: number,
    readonly logger: Logger,
    /** The gRPC call, whose own signal (cancel, deadline, shutdown) is read only if a handler asks. */
    private readonly transport: { readonly signal: AbortSignal } | undefined,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
      const upstream = this.transport?.signal;
      if (upstream !== undefined) {
        if (upstream.aborted) controller.abort(upstream.reason);
        else upstream.addEventListener("abort", () => controller.abort(upstream.reason), { once: true });
      }
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
}
