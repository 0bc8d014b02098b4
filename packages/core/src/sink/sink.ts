// The sink contract (eKuiper's lifecycle): configure, open, collect, close; and the definition a package exports.
import type { Logger } from "../logger.js";
import type { PropSchema, PropShape } from "./props.js";
import type { EventRecord } from "./record.js";

export type SinkStatus = "connecting" | "connected" | "disconnected";

/** What a sink is given on every call. */
export interface SinkContext {
  /** The sink's name (unique in the runtime; also its driver's name). */
  readonly name: string;
  readonly logger: Logger;
  /** Aborted when the sink is being removed or the runtime's close deadline has passed: give up waiting. */
  readonly signal: AbortSignal;
  /** Tells the runtime (and the admin API) how the connection is; `error` becomes the last error. */
  reportStatus(status: SinkStatus, error?: unknown): void;
}

/**
 * A destination for event records. The runtime calls `configure` once, then `open`, then `collect` with one
 * batch at a time (never two at once, so order is kept), and `close` last.
 */
export interface Sink {
  /** Validates the props (usually `schema.parse(props)`); throws `SinkConfigError`. Connects to nothing. */
  configure(props: unknown): void;
  /** Connects. A retryable `SinkError` makes the runtime try again with backoff; any other error is fatal. */
  open(ctx: SinkContext): Promise<void>;
  /**
   * Delivers a batch (`batchSize` 1 gives batches of one), in order. Resolve when the records are delivered
   * (acknowledged where the target acknowledges). Throw `SinkError` with `retryable: true` while the target
   * is away, `retryable: false` for records that can never go.
   */
  collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void>;
  /** Flushes and disconnects; called once, also after a failed `open`. */
  close(ctx: SinkContext): Promise<void>;
}

/**
 * What every `@exhook/sink-<type>` package exports as `sink`, so a server can load a sink by type:
 * `const { sink } = await import(`@exhook/sink-${type}`)`.
 */
export interface SinkDefinition<S extends PropShape = PropShape> {
  readonly type: string;
  /** One line for listings. */
  readonly description: string;
  /** The props `configure` accepts: `props.describe()` is what the server shows. */
  readonly props: PropSchema<S>;
  create(): Sink;
}

/** Identity, for type inference: `export const sink = defineSink({ type: "memory", … })`. */
export function defineSink<S extends PropShape>(definition: SinkDefinition<S>): SinkDefinition<S> {
  return definition;
}

export function isSinkDefinition(value: Sink | SinkDefinition): value is SinkDefinition {
  return typeof (value as SinkDefinition).create === "function" && "type" in value;
}
