// The typed errors the testkit throws, each with a code a test can match on.

export type FakeBrokerErrorCode =
  /** A flow ran before `load()` or `install()`: EMQX calls nothing until hooks are installed. */
  | "not_loaded"
  /** OnProviderLoaded failed (gRPC error or deadline). */
  | "load_failed"
  /** The server returned a hook name this version's broker does not know: EMQX rejects the whole load. */
  | "load_rejected"
  /** `raw()` got a name that is no hook or RPC of the protocol version. */
  | "unknown_rpc"
  /** The broker was closed. */
  | "closed";

export class FakeBrokerError extends Error {
  override readonly name = "FakeBrokerError";
  readonly code: FakeBrokerErrorCode;
  /** The offending hook names (for `load_rejected`) or RPC name (for `unknown_rpc`). */
  readonly details: readonly string[];

  constructor(code: FakeBrokerErrorCode, message: string, details: readonly string[] = [], cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.details = details;
  }
}
