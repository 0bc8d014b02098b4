// The runtime's per-sink options (queue, batching, retry, payload encoding), validated like sink props.
import { defineProps, type PropsOf, prop } from "./props.js";
import type { PayloadEncodingOption } from "./record.js";

export type OverflowPolicy = "drop-oldest" | "drop-newest";

/** Where records wait for the sink: in memory (lost when the process dies) or on disk (at-least-once). */
export type BufferMode = "memory" | "disk";

/** What `addSink(…, options)` accepts; every field has a default. */
export interface SinkOptions {
  /** Records waiting for delivery, at most (default 1000). The batch being delivered is not counted. */
  maxQueue?: number;
  /** What a full queue does with a new record (default `drop-newest`: see the schema below for why). */
  overflow?: OverflowPolicy;
  /** Records per `collect` call, at most (default 1). */
  batchSize?: number;
  /** How long a partial batch waits for more records, ms (default 0: send what is there). */
  lingerMs?: number;
  /** Backoff of retryable errors: `initialMs` doubling up to `maxMs`, with jitter (defaults 100 and 30000). */
  retry?: { initialMs?: number; maxMs?: number };
  /** How message payloads are written in records (default `auto`: UTF-8 text when valid, else base64). */
  payloadEncoding?: PayloadEncodingOption;
  /** `memory` (default) or `disk`: records are in a file before the hook call is answered (see SINKS.md). */
  buffer?: BufferMode;
  /** The disk buffer's directory (default `<dataDir>/sinks/<name>` of the runtime). */
  bufferDir?: string;
  /** The disk buffer's size bound in bytes (default 256 MiB, EMQX's `max_buffer_bytes`). */
  maxBufferBytes?: number;
  /** How often the disk buffer is fsynced, ms (default 1000; 0 leaves it to the OS): a machine crash loses at most this. */
  fsyncIntervalMs?: number;
  /** Records older than this (from the hook call) are dropped as `expired` instead of sent, ms (default 0: never). */
  requestTtlMs?: number;
}

export const sinkOptionsSchema = defineProps({
  // Defaults chosen by measurement: while a sink is away, a full queue of 1,000 that drops the newest costs
  // the hook calls nothing measurable; 10,000 queued events, or dropping the oldest (every event then lives
  // long enough to be promoted by V8's GC), cost 15-25% of server CPU per call. Raise them to ride out longer
  // outages, knowingly (each queued event holds ~3.5 KB of heap).
  maxQueue: prop.number({ default: 1_000, min: 1, integer: true, description: "records waiting, at most" }),
  overflow: prop.enum(["drop-oldest", "drop-newest"], {
    default: "drop-newest",
    description: "what a full queue does with a new record",
  }),
  batchSize: prop.number({
    default: 1,
    min: 1,
    max: 100_000,
    integer: true,
    description: "records per collect",
  }),
  lingerMs: prop.number({
    default: 0,
    min: 0,
    max: 60_000,
    description: "how long a partial batch waits, ms",
  }),
  retry: prop.object(
    {
      initialMs: prop.number({ default: 100, min: 1, description: "first retry delay, ms" }),
      maxMs: prop.number({ default: 30_000, min: 1, description: "longest retry delay, ms" }),
    },
    { description: "backoff of retryable errors" },
  ),
  payloadEncoding: prop.enum(["auto", "utf8", "base64", "hex"], {
    default: "auto",
    description: "how message payloads are written",
  }),
  buffer: prop.enum(["memory", "disk"], {
    default: "memory",
    description: "memory, or disk: kept across a crash until the sink acknowledges (at-least-once)",
  }),
  bufferDir: prop.string({
    minLength: 1,
    description: "the disk buffer's directory (default <dataDir>/sinks/<name>)",
  }),
  // EMQX's max_buffer_bytes default: a day of a few hundred small events a second.
  maxBufferBytes: prop.number({
    default: 256 * 1024 * 1024,
    min: 4096,
    integer: true,
    description: "the disk buffer's size bound, bytes",
  }),
  fsyncIntervalMs: prop.number({
    default: 1000,
    min: 0,
    max: 3_600_000,
    integer: true,
    description: "disk buffer fsync period, ms (0: the OS decides); a machine crash loses at most this",
  }),
  requestTtlMs: prop.number({
    default: 0,
    min: 0,
    integer: true,
    description: "records older than this are dropped as expired, ms (0: never)",
  }),
});

export type ResolvedSinkOptions = PropsOf<typeof sinkOptionsSchema.shape>;
