// The runtime's per-sink options (queue, batching, retry, payload encoding), validated like sink props.
import { defineProps, type PropsOf, prop } from "./props.js";
import type { PayloadEncodingOption } from "./record.js";

export type OverflowPolicy = "drop-oldest" | "drop-newest";

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
});

export type ResolvedSinkOptions = PropsOf<typeof sinkOptionsSchema.shape>;
