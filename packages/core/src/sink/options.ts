// The runtime's per-sink options (queue, batching, retry, payload encoding), validated like sink props.
import { parseProps, z } from "./props.js";
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

const ms = (min: number, max?: number) => {
  const n = z.number().min(min);
  return max === undefined ? n : n.max(max);
};
const integer = (min: number, max?: number) => ms(min, max).int();

export const sinkOptionsSchema = z.strictObject({
  // Defaults chosen by measurement: while a sink is away, a full queue of 1,000 that drops the newest costs
  // the hook calls nothing measurable; 10,000 queued events, or dropping the oldest (every event then lives
  // long enough to be promoted by V8's GC), cost 15-25% of server CPU per call. Raise them to ride out longer
  // outages, knowingly (each queued event holds ~3.5 KB of heap).
  maxQueue: integer(1).default(1_000).describe("records waiting, at most"),
  overflow: z
    .enum(["drop-oldest", "drop-newest"])
    .default("drop-newest")
    .describe("what a full queue does with a new record"),
  batchSize: integer(1, 100_000).default(1).describe("records per collect"),
  lingerMs: ms(0, 60_000).default(0).describe("how long a partial batch waits, ms"),
  retry: z
    .strictObject({
      initialMs: ms(1).default(100).describe("first retry delay, ms"),
      maxMs: ms(1).default(30_000).describe("longest retry delay, ms"),
    })
    .prefault({})
    .describe("backoff of retryable errors"),
  payloadEncoding: z
    .enum(["auto", "utf8", "base64", "hex"])
    .default("auto")
    .describe("how message payloads are written"),
  buffer: z
    .enum(["memory", "disk"])
    .default("memory")
    .describe("memory, or disk: kept across a crash until the sink acknowledges (at-least-once)"),
  bufferDir: z
    .string()
    .min(1)
    .optional()
    .describe("the disk buffer's directory (default <dataDir>/sinks/<name>)"),
  // EMQX's max_buffer_bytes default: a day of a few hundred small events a second.
  maxBufferBytes: integer(4096)
    .default(256 * 1024 * 1024)
    .describe("the disk buffer's size bound, bytes"),
  fsyncIntervalMs: integer(0, 3_600_000)
    .default(1000)
    .describe("disk buffer fsync period, ms (0: the OS decides); a machine crash loses at most this"),
  requestTtlMs: integer(0)
    .default(0)
    .describe("records older than this are dropped as expired, ms (0: never)"),
});

export type ResolvedSinkOptions = z.output<typeof sinkOptionsSchema>;

/** Options with their defaults, checked like sink props (every problem, strings spelling numbers taken). */
export function parseSinkOptions(options: unknown): ResolvedSinkOptions {
  return parseProps(sinkOptionsSchema, options);
}
