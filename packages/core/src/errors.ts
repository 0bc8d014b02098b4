// Every error @exhook/core throws, in one module (Fastify's lib/errors.js is the model): each carries a `code`
// a caller can switch on, and the offending key or value where there is one.

/** The codes of the errors core throws. A caller maps these, never a class or a message. */
export type ExhookErrorCode =
  /** A handler returned something that is not a decision, or a decision the hook cannot take. */
  | "invalid_decision"
  /** `on()` without a handler function. */
  | "invalid_handler"
  /** A hook name that is not one of the event model's. */
  | "unknown_hook"
  /** A malformed MQTT topic filter, or topic filters on a hook that is not `message.*`. */
  | "invalid_topic_filter"
  /** A sink route that cannot be: no hooks, no sinks, topics on a non-message hook. */
  | "invalid_route"
  /** A sink name outside the rule (see `sinkNameProblem`). */
  | "invalid_name"
  /** A driver (handler group or sink) of that name already exists. */
  | "name_taken"
  | "driver_not_found"
  | "sink_not_found"
  /** Sink props or options a sink cannot accept (`SinkConfigError`). */
  | "invalid_property"
  | "missing_property"
  | "unknown_property"
  | "invalid_props"
  /** A sink template (`${...}`) that does not parse. */
  | "invalid_template"
  /** A sink's `open` or `collect` failed (`SinkError`, retryable or not). */
  | "sink_failed"
  /** An app or runtime option out of range (a time budget, `EXHOOK_PORT`). */
  | "invalid_option"
  /** The sink runtime is closed. */
  | "closed"
  /** `listen()` while the app already listens. */
  | "already_listening";

/** The base of every error core throws. */
export class ExhookError extends Error {
  readonly code: ExhookErrorCode;
  /** The offending key (an option, a property path, a name), when there is one. */
  readonly key: string | undefined;

  constructor(code: ExhookErrorCode, message: string, options: { key?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ExhookError";
    this.code = code;
    this.key = options.key;
  }
}

/** Whether `error` is one of core's, with a code to switch on. */
export function isExhookError(error: unknown): error is ExhookError {
  return error instanceof ExhookError;
}

export class InvalidDecisionError extends ExhookError {
  constructor(hook: string, detail: string) {
    super("invalid_decision", `a ${hook} handler returned ${detail}`, { key: hook });
    this.name = "InvalidDecisionError";
  }
}

export class DriverNotFoundError extends ExhookError {
  constructor(readonly driver: string) {
    super("driver_not_found", `no driver named "${driver}"`, { key: driver });
    this.name = "DriverNotFoundError";
  }
}

export class SinkNotFoundError extends ExhookError {
  constructor(readonly sink: string) {
    super("sink_not_found", `no sink named "${sink}"`, { key: sink });
    this.name = "SinkNotFoundError";
  }
}

export class SinkRouteError extends ExhookError {
  constructor(readonly reason: string) {
    super("invalid_route", `invalid sink route: ${reason}`);
    this.name = "SinkRouteError";
  }
}

export type SinkConfigErrorCode =
  | "invalid_property"
  | "missing_property"
  | "unknown_property"
  | "invalid_props";

/** One problem of a sink's props: which property (`""` for the props object itself) and why. */
export interface SinkConfigProblem {
  code: SinkConfigErrorCode;
  property: string;
  reason: string;
}

function problemText(problem: SinkConfigProblem, where: string): string {
  return problem.property === ""
    ? `${where}${problem.reason}`
    : `${where}property "${problem.property}" ${problem.reason}`;
}

/**
 * Properties a sink (or the runtime's sink options) cannot accept: the first problem is `property` and
 * `reason`, `problems` holds every one found (one line each in the message).
 */
export class SinkConfigError extends ExhookError {
  declare readonly code: SinkConfigErrorCode;
  /** The property's path, e.g. `qos` or `retry.maxMs`; `""` when the props object itself is wrong. */
  readonly property: string;
  readonly reason: string;
  /** The sink type or name the props were for, when known. */
  readonly sink: string | undefined;
  /** Every problem found, the first one included; at least one. */
  readonly problems: readonly SinkConfigProblem[];

  constructor(
    code: SinkConfigErrorCode,
    property: string,
    reason: string,
    sink?: string,
    more: readonly SinkConfigProblem[] = [],
  ) {
    const where = sink === undefined ? "" : `${sink}: `;
    const problems = [{ code, property, reason }, ...more];
    super(code, problems.map((p) => problemText(p, where)).join("\n"), { key: property });
    this.name = "SinkConfigError";
    this.property = property;
    this.reason = reason;
    this.sink = sink;
    this.problems = problems;
  }

  /** The same error, saying which sink it was for. */
  forSink(sink: string): SinkConfigError {
    return new SinkConfigError(this.code, this.property, this.reason, sink, this.problems.slice(1));
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
  /**
   * A retryable error's wait the target asked for (HTTP `Retry-After`), ms: the runtime waits at least this
   * long (but never longer than `retry.maxMs`) before the next attempt, instead of its own backoff if that is
   * shorter.
   */
  retryAfterMs?: number;
}

/** A failed `open` or `collect`. Errors that are not SinkErrors count as fatal: a bug must not stall a sink. */
export class SinkError extends ExhookError {
  readonly retryable: boolean;
  readonly delivered: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: SinkErrorOptions) {
    super("sink_failed", message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "SinkError";
    this.retryable = options.retryable;
    this.delivered = options.delivered;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A `${...}` template that does not parse; `position` is the offset in `source`. */
export class TemplateError extends ExhookError {
  constructor(
    readonly source: string,
    readonly position: number,
    readonly reason: string,
  ) {
    super("invalid_template", `invalid template "${source}" at ${position}: ${reason}`, { key: source });
    this.name = "TemplateError";
  }
}
