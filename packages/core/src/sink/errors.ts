// The two errors of the sink contract: a bad property (configuration) and a failed delivery (retryable or fatal).

export type SinkConfigErrorCode =
  | "invalid_property"
  | "missing_property"
  | "unknown_property"
  | "invalid_props";

/** A property a sink (or the runtime's sink options) cannot accept; names the property and why. */
export class SinkConfigError extends Error {
  readonly code: SinkConfigErrorCode;
  /** The property's path, e.g. `qos` or `retry.maxMs`; `""` when the props object itself is wrong. */
  readonly property: string;
  readonly reason: string;
  /** The sink type or name the props were for, when known. */
  readonly sink: string | undefined;

  constructor(code: SinkConfigErrorCode, property: string, reason: string, sink?: string) {
    const where = sink === undefined ? "" : `${sink}: `;
    super(property === "" ? `${where}${reason}` : `${where}property "${property}" ${reason}`);
    this.name = "SinkConfigError";
    this.code = code;
    this.property = property;
    this.reason = reason;
    this.sink = sink;
  }

  /** The same error, saying which sink it was for. */
  forSink(sink: string): SinkConfigError {
    return new SinkConfigError(this.code, this.property, this.reason, sink);
  }
}

export interface SinkErrorOptions {
  /** True when the target is away (I/O) and the same records may go later; false when they never can. */
  retryable: boolean;
  cause?: unknown;
  /**
   * How many records of the batch went out before the failure. The runtime keeps those delivered and, for a
   * fatal error, drops only the record at this index; without it a fatal error drops the whole batch.
   */
  delivered?: number;
}

/** A failed `open` or `collect`. Errors that are not SinkErrors count as fatal: a bug must not stall a sink. */
export class SinkError extends Error {
  readonly retryable: boolean;
  readonly delivered: number | undefined;

  constructor(message: string, options: SinkErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SinkError";
    this.retryable = options.retryable;
    this.delivered = options.delivered;
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof SinkError && error.retryable;
}

/** A one-line text for logs and metrics: the message, with the cause's message when there is one. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message !== "" && !error.message.includes(cause.message)) {
    return `${error.message}: ${cause.message}`;
  }
  return error.message;
}
