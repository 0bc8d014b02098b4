// The sink contract (eKuiper's lifecycle): create with typed props, open, collect, close; and the definition.
import type { Logger } from "../logger.js";
import { SinkConfigError } from "./errors.js";
import { type PropsSchema, parseProps } from "./props.js";
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
 * A destination for event records, made by its definition's `create(props)` with props already parsed and
 * typed (or built by the app itself). The runtime calls `open`, then `collect` with one batch at a time (never
 * two at once, so order is kept), and `close` last.
 */
export interface Sink {
  /** Connects. A retryable `SinkError` makes the runtime try again with backoff; any other error is fatal. */
  open(ctx: SinkContext): Promise<void>;
  /**
   * Delivers a batch (`batchSize` 1 gives batches of one), in order. Resolve when the records are delivered
   * (acknowledged where the target acknowledges). Throw `SinkError` with `retryable: true` while the target
   * is away, `retryable: false` for records that can never go.
   */
  collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void>;
  /** Flushes and disconnects; called once after every `open`, also a failed one. */
  close(ctx: SinkContext): Promise<void>;
}

/**
 * A sink's props schema: a zod schema (`z.object({ … })` from `@exhook/core/sink`) whose output is the typed
 * props `create` takes; rules across fields are its refinements. Core parses with it the way the config file
 * is read (every problem with its path; a string spelling one number or boolean is taken).
 */
export type SinkPropsSchema<P> = PropsSchema<P>;

/**
 * What every `@exhook/sink-<type>` package exports as `sink`, so a server can load a sink by type:
 * `const { sink } = await import(`@exhook/sink-${type}`)`.
 */
export interface SinkDefinition<P = unknown> {
  readonly type: string;
  /** One line for listings. */
  readonly description: string;
  /** The props `create` takes: `describeProps(props)` (its JSON Schema) is what the server shows. */
  readonly props: SinkPropsSchema<P>;
  /**
   * Props to start from, for a scaffolded project or a sample config: what the sink needs to run against a
   * target on this machine (`{ server: "mqtt://127.0.0.1:1883" }`); the schema's defaults do the rest.
   */
  readonly example?: Readonly<Record<string, unknown>>;
  /** A new sink for props `parseSinkProps` returned. Connects to nothing (that is `open`). */
  create(props: P): Sink;
}

/** For type inference: `export const sink = defineSink({ type: "memory", props: memorySinkProps, … })`. */
export function defineSink<P>(definition: SinkDefinition<P>): SinkDefinition<P> {
  return definition;
}

export function isSinkDefinition(value: Sink | SinkDefinition): value is SinkDefinition {
  return typeof (value as SinkDefinition).create === "function" && "type" in value;
}

/**
 * Props parsed by a definition's schema, ready for `create`: the one place a config's props are checked
 * (the runtime's `addSink` and a server's config check both call it). Errors name the sink when given.
 */
export function parseSinkProps<P>(definition: SinkDefinition<P>, props: unknown, sinkName?: string): P {
  try {
    return parseProps(definition.props, props);
  } catch (error) {
    throw error instanceof SinkConfigError && sinkName !== undefined ? error.forSink(sinkName) : error;
  }
}
