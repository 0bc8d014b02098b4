// Per-sink counters (eKuiper's set): records in/out/failed, drops by reason, latency, status and last error.
import { Histogram, type LatencySnapshot } from "../histogram.js";
import type { SinkStatus } from "./sink.js";

export type DropReason = "queue_full" | "fatal" | "disabled" | "shutdown" | "expired";

/** Upper bounds (ms) of a sink's delivery latency buckets; the last bucket takes the rest. */
export const sinkLatencyBucketsMs: readonly number[] = [1, 5, 10, 50, 100, 500, 1000, 5000];

/** From the hook call (`info.time`) to the sink's acknowledgment: the hooks' latency shape, plus three figures. */
export interface LatencyStats extends LatencySnapshot {
  lastMs: number;
  avgMs: number;
  maxMs: number;
}

/** JSON-ready. Invariant: `recordsIn = recordsOut + Σ dropped + queueLength + inFlight`. */
export interface SinkStats {
  name: string;
  type: string;
  enabled: boolean;
  status: SinkStatus;
  lastError: { message: string; at: string } | null;
  lastConnectedAt: string | null;
  lastDisconnectedAt: string | null;
  /** Events routed to the sink (also those then dropped). */
  recordsIn: number;
  /** Records the sink acknowledged. */
  recordsOut: number;
  /** Records in failed `collect` calls, counted once per attempt (a record retried twice counts twice). */
  recordsFailed: number;
  dropped: Record<DropReason, number>;
  queueLength: number;
  /** Records in the batch being delivered (or waiting to be retried). */
  inFlight: number;
  /** `memory` or `disk` (`options.buffer`). */
  buffer: "memory" | "disk";
  /** Bytes of the disk buffer's files (0 in memory mode). */
  bufferBytes: number;
  /** Disk mode: records sent again after a restart that the sink had before it (they may arrive twice). */
  redelivered: number;
  latency: LatencyStats;
}

export class SinkMetrics {
  recordsIn = 0;
  recordsOut = 0;
  recordsFailed = 0;
  redelivered = 0;
  readonly dropped: Record<DropReason, number> = {
    queue_full: 0,
    fatal: 0,
    disabled: 0,
    shutdown: 0,
    expired: 0,
  };
  status: SinkStatus = "connecting";
  lastError: { message: string; at: string } | null = null;
  lastConnectedAt: string | null = null;
  lastDisconnectedAt: string | null = null;
  #latencyLast = 0;
  #latencyMax = 0;
  readonly #latency = new Histogram(sinkLatencyBucketsMs);

  delivered(latencyMs: number): void {
    this.recordsOut++;
    const ms = Math.max(0, latencyMs);
    this.#latencyLast = ms;
    if (ms > this.#latencyMax) this.#latencyMax = ms;
    this.#latency.observe(ms);
  }

  setStatus(status: SinkStatus): void {
    if (status === this.status) return;
    const now = new Date().toISOString();
    if (status === "connected") this.lastConnectedAt = now;
    else if (this.status === "connected") this.lastDisconnectedAt = now;
    this.status = status;
  }

  latency(): LatencyStats {
    const snapshot = this.#latency.snapshot();
    return {
      ...snapshot,
      lastMs: this.#latencyLast,
      avgMs: snapshot.count === 0 ? 0 : snapshot.sumMs / snapshot.count,
      maxMs: this.#latencyMax,
    };
  }
}
