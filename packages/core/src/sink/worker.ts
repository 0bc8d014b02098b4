// One sink at work: its bounded queue, the delivery loop (batch, linger, retry, order) and its driver face.
// Over 400 lines because the memory and disk buffers share one delivery loop (batch, ack, retry, redelivery);
// the lifecycle, backoff, wake-up and outcomes are already their own modules, and the next split is the two
// buffer paths behind one interface.
import type { Driver, DriverInfo } from "../drivers.js";
import type { HookEvents, HookName } from "../events.js";
import type { Logger } from "../logger.js";
import { Backoff, retryDelay } from "./backoff.js";
import { DiskBuffer } from "./disk-buffer.js";
import { errorText, SinkConfigError, SinkError } from "./errors.js";
import { SinkLifecycle, type SinkState, sinkIsOpen } from "./lifecycle.js";
import { type DropReason, SinkMetrics, type SinkStats } from "./metrics.js";
import type { ResolvedSinkOptions } from "./options.js";
import { attempt, type SinkOutcome } from "./outcome.js";
import { BoundedQueue } from "./queue.js";
import { type EventRecord, type PublishInfo, toEventRecord } from "./record.js";
import type { Sink, SinkContext, SinkDefinition, SinkStatus } from "./sink.js";
import { WakeUp } from "./wakeup.js";

/** One published event, shared by every sink it is routed to. */
export interface Pending {
  hook: HookName;
  event: HookEvents[HookName];
  info: PublishInfo;
}

/** A record read back from the disk buffer: built (and its event gone) before the hook call was answered. */
interface Stored {
  record: EventRecord;
  time: number;
}

/** A batch entry: an event still to be made a record (memory mode) or a stored record (disk mode). */
type Queued = Pending | Stored;

function timeOf(q: Queued): number {
  return "record" in q ? q.time : q.info.time;
}

export class SinkWorker implements Driver {
  readonly kind = "sink" as const;
  readonly metrics = new SinkMetrics();
  readonly queue: BoundedQueue<Pending>;
  /** Disk mode (`options.buffer: disk`): records wait here instead of `queue`, until the sink acknowledges. */
  readonly #disk: DiskBuffer | undefined;
  /** The hooks routed to this sink (for `describe`), kept by the runtime. */
  hooks: string[] = [];
  readonly #life = new SinkLifecycle();
  readonly #wakeUp = new WakeUp();
  /** Failed opens in a row, and the wait they call for before the next open. */
  readonly #openBackoff: Backoff;
  #openDelayMs = 0;
  #enabled = true;
  #sink: Sink;
  #props: unknown;
  #options: ResolvedSinkOptions;
  #abort = new AbortController();
  #ctx: SinkContext;
  /** Requests the loop honours at its next turn: deliver what is queued and end; park for a reconfigure. */
  #stopRequested = false;
  #pauseRequested = false;
  #idle: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #reconfiguring: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly type: string,
    readonly definition: SinkDefinition | undefined,
    sink: Sink,
    props: unknown,
    options: ResolvedSinkOptions,
    readonly logger: Logger,
  ) {
    this.#sink = sink;
    this.#props = props;
    this.#options = options;
    this.queue = new BoundedQueue(options.maxQueue);
    if (options.buffer === "disk") {
      if (options.bufferDir === undefined) {
        throw new SinkConfigError("missing_property", "bufferDir", "is required with buffer: disk").forSink(
          name,
        );
      }
      this.#disk = new DiskBuffer({
        dir: options.bufferDir,
        maxBytes: options.maxBufferBytes,
        fsyncIntervalMs: options.fsyncIntervalMs,
        ttlMs: options.requestTtlMs,
        logger,
      });
      // Records an earlier run left are in again: `recordsIn = recordsOut + dropped + queued` holds from here.
      this.metrics.recordsIn = this.#disk.replayed;
      if (this.#disk.replayed > 0 || this.#disk.truncatedBytes > 0) {
        logger.info(
          {
            sink: name,
            dir: options.bufferDir,
            records: this.#disk.replayed,
            cutBytes: this.#disk.truncatedBytes,
          },
          `sink "${name}" has ${this.#disk.replayed} records from before; delivering them first`,
        );
      }
    }
    this.#openBackoff = new Backoff(() => this.#options.retry);
    this.#ctx = this.#makeContext();
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get props(): unknown {
    return this.#props;
  }

  /** The disk buffer's directory (disk mode only). */
  get bufferDir(): string | undefined {
    return this.#disk?.dir;
  }

  /** Where the worker is in its life (see `SinkState`). */
  get state(): SinkState {
    return this.#life.state;
  }

  /** Hot path: counts, applies the overflow policy, enqueues, and wakes the loop when it waits for this. */
  offer(p: Pending): void {
    this.metrics.recordsIn++;
    if (!this.#enabled) {
      this.metrics.dropped.disabled++;
      return;
    }
    if (this.#disk !== undefined) {
      this.#store(this.#disk, p);
      return;
    }
    if (this.queue.full) {
      this.metrics.dropped.queue_full++;
      if (this.#options.overflow === "drop-newest") return;
      this.queue.shift();
    }
    this.queue.push(p);
    this.#wakeUp.offered(this.queue.length);
  }

  /**
   * Disk mode's hot path: the record is built and written (one `write` into the page cache, no fsync) before
   * the hook call is answered, so a `kill -9` cannot lose it. Measured on the 2-core dev machine: ~6 µs to
   * build the record, ~7 µs to JSON it, ~12 µs to write ~570 bytes; memory mode defers the first two.
   */
  #store(disk: DiskBuffer, p: Pending): void {
    let json: string;
    try {
      json = JSON.stringify(toEventRecord(p.hook, p.event, p.info, this.#payloadOptions));
    } catch (error) {
      this.#noteError(error);
      this.metrics.dropped.fatal++;
      this.logger.warn(
        { sink: this.name, hook: p.hook, err: errorText(error) },
        "sink dropped an event it cannot record",
      );
      return;
    }
    let stored = disk.append(json, p.info.time);
    if (stored === "full" && this.#options.overflow === "drop-oldest") {
      this.#drop("queue_full", disk.dropOldestSegment());
      stored = disk.append(json, p.info.time);
    }
    if (stored === "ok") {
      this.#wakeUp.offered(this.#queuedCount());
      return;
    }
    // Full (drop-newest, or no segment could make room) or the write failed (logged by the buffer).
    this.#drop(stored === "full" ? "queue_full" : "fatal", 1);
  }

  get #payloadOptions(): { payloadEncoding: ResolvedSinkOptions["payloadEncoding"] } {
    return { payloadEncoding: this.#options.payloadEncoding };
  }

  /** Records waiting, not counting the batch being delivered. */
  #queuedCount(): number {
    return this.#disk === undefined ? this.queue.length : this.#disk.length - this.#disk.inFlight;
  }

  /** The next batch, from the queue or read back from the disk buffer. */
  #take(n: number): Queued[] {
    if (this.#disk === undefined) return this.queue.take(n);
    const read = this.#disk.read(n);
    this.#drop("expired", read.expired);
    this.#drop("fatal", read.corrupt);
    const batch: Stored[] = [];
    for (const r of read.records) {
      if (r.redelivered) this.metrics.redelivered++;
      batch.push({ record: r.record as EventRecord, time: r.time });
    }
    return batch;
  }

  /** The first `n` of the batch are done with (delivered or dropped): in disk mode they leave the buffer. */
  #settle(n: number): void {
    if (n > 0) this.#disk?.ack(n);
  }

  enable(): void {
    this.#enabled = true;
  }

  /** A disabled sink takes nothing: new events count as dropped "disabled", and so do those waiting. */
  disable(): void {
    this.#enabled = false;
    this.#drop("disabled", this.#disk === undefined ? this.queue.clear() : this.#disk.clear());
  }

  describe(): DriverInfo {
    return {
      name: this.name,
      kind: this.kind,
      enabled: this.#enabled,
      hooks: [...this.hooks],
      detail: this.stats() as unknown as Record<string, unknown>,
    };
  }

  stats(): SinkStats {
    const m = this.metrics;
    return {
      name: this.name,
      type: this.type,
      enabled: this.#enabled,
      status: m.status,
      lastError: m.lastError,
      lastConnectedAt: m.lastConnectedAt,
      lastDisconnectedAt: m.lastDisconnectedAt,
      recordsIn: m.recordsIn,
      recordsOut: m.recordsOut,
      recordsFailed: m.recordsFailed,
      dropped: { ...m.dropped },
      queueLength: this.#queuedCount(),
      inFlight: this.#inFlight,
      buffer: this.#disk === undefined ? "memory" : "disk",
      bufferBytes: this.#disk?.bytes ?? 0,
      redelivered: m.redelivered,
      latency: m.latency(),
    };
  }

  #inFlight = 0;

  /** Opens the sink once: a fatal error rejects (the caller gives the sink up); a retryable one is retried by the loop. */
  async start(): Promise<void> {
    const first = await this.#openOnce();
    if (first.kind === "fatal") {
      this.#disk?.close(); // the records stay for a sink that opens
      throw this.#named(first.error);
    }
    this.#loop = this.#run()
      .catch((error: unknown) => {
        // Only a bug gets here; the loop ends, but the process must not.
        this.logger.error({ sink: this.name, err: errorText(error) }, "sink worker stopped");
      })
      .finally(() => {
        this.#loop = undefined;
        this.#signalIdle();
      });
  }

  /**
   * Swaps in new props (and a new sink instance when built from a definition): waits for the batch in flight,
   * closes the old sink, opens the new one. Queued records wait and go to the new one.
   */
  reconfigure(
    props: unknown,
    next: Sink | undefined,
    options: ResolvedSinkOptions | undefined,
  ): Promise<void> {
    // One at a time: a second reconfigure while the first waits would take over its idle wait (leaving the
    // first pending for ever) or close and open the sink under it.
    const run = this.#reconfiguring.then(() => this.#reconfigureNow(props, next, options));
    this.#reconfiguring = run.catch(ignore);
    return run;
  }

  async #reconfigureNow(
    props: unknown,
    next: Sink | undefined,
    options: ResolvedSinkOptions | undefined,
  ): Promise<void> {
    this.#pauseRequested = true;
    await this.#untilIdle();
    try {
      await this.#closeSink(5000, "paused");
      if (this.#life.finished) return;
      if (next !== undefined) this.#sink = next;
      this.#props = props;
      if (options !== undefined) {
        this.#options = options;
        this.#drop("queue_full", this.queue.resize(options.maxQueue));
      }
      this.#openBackoff.reset();
      const result = await this.#openOnce();
      if (result.kind === "fatal") throw this.#named(result.error);
    } finally {
      this.#pauseRequested = false;
      this.#wakeUp.now();
    }
  }

  /** Stops taking batches once the queue is empty (or at once after `abort()`); resolves when the loop ends. */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    this.#wakeUp.now();
    await this.#loop;
  }

  /** The deadline passed: give up waits and in-flight calls. */
  abort(): void {
    this.#stopRequested = true;
    this.#abort.abort(new SinkError(`sink "${this.name}" is shutting down`, { retryable: false }));
    this.#wakeUp.now();
  }

  /** Counts what is left as dropped "shutdown" and closes the sink within `graceMs`. */
  async finish(graceMs: number): Promise<void> {
    // `closing`: a reconfigure's close is already running; a second close would release things twice.
    const wasOpen = sinkIsOpen(this.#life.state);
    if (!this.#life.to("shutting-down")) return;
    if (this.#disk !== undefined) {
      // Nothing is dropped: what is left stays on disk and goes first after the next start.
      this.#inFlight = 0;
      const kept = this.#disk.length;
      this.#disk.close();
      if (kept > 0) {
        this.logger.info(
          { sink: this.name, type: this.type, kept, dir: this.#disk.dir },
          `sink "${this.name}" keeps ${kept} records in its disk buffer for the next start`,
        );
      }
      if (wasOpen) await this.#callClose(graceMs);
      this.#life.to("closed");
      this.metrics.setStatus("disconnected");
      return;
    }
    const dropped = this.queue.clear() + this.#inFlight;
    this.#drop("shutdown", dropped);
    this.#inFlight = 0;
    // Counted as dropped{reason="shutdown"} too, but a metric is not scraped after the process is gone.
    if (dropped > 0) {
      this.logger.warn(
        { sink: this.name, type: this.type, dropped, reason: "shutdown", status: this.metrics.status },
        `sink "${this.name}" dropped ${dropped} records at shutdown`,
      );
    }
    if (wasOpen) await this.#callClose(graceMs);
    this.#life.to("closed");
    this.metrics.setStatus("disconnected");
  }

  async #run(): Promise<void> {
    // A partial batch waits once (up to lingerMs) for more records, then goes as it is.
    let lingered = false;
    for (;;) {
      if (this.#abort.signal.aborted || this.#life.finished) return;
      if (this.#pauseRequested) {
        this.#signalIdle();
        await this.#wakeUp.wait(Number.POSITIVE_INFINITY);
        continue;
      }
      const state = this.#life.state;
      if (state === "reconnecting") {
        if (this.#stopRequested && this.#queuedCount() === 0) return;
        await this.#reopen();
        continue;
      }
      if (this.#queuedCount() === 0) {
        if (this.#stopRequested) return;
        await this.#wakeUp.wait(1);
        continue;
      }
      const { batchSize, lingerMs } = this.#options;
      if (
        batchSize > 1 &&
        lingerMs > 0 &&
        this.#queuedCount() < batchSize &&
        !this.#stopRequested &&
        !lingered
      ) {
        lingered = true;
        await this.#wakeUp.wait(batchSize, lingerMs);
        continue;
      }
      lingered = false;
      const batch = this.#take(batchSize);
      if (state === "broken") {
        this.#drop("fatal", batch.length);
        this.#settle(batch.length);
      } else await this.#deliver(batch);
    }
  }

  /** One batch until it is delivered, dropped, or handed back (reconfigure); retryable failures back off. */
  async #deliver(batch: Queued[]): Promise<void> {
    this.#inFlight = batch.length;
    let pending = batch;
    let records: EventRecord[] | undefined;
    const backoff = new Backoff(() => this.#options.retry);
    try {
      while (pending.length > 0) {
        if (!this.#enabled) {
          this.#drop("disabled", pending.length);
          this.#settle(pending.length);
          return;
        }
        // finish() counts the in-flight batch (memory), or it stays on disk for the next start.
        if (this.#abort.signal.aborted || this.#life.finished) return;
        if (this.#pauseRequested) {
          this.#handBack(pending); // reconfigure: they go to the new sink
          return;
        }
        if (records === undefined) {
          [pending, records] = this.#build(pending);
          this.#inFlight = pending.length;
          if (pending.length === 0) return;
        }
        const batchRecords = records;
        this.#life.to("sending");
        const outcome = await attempt(() => this.#sink.collect(this.#ctx, batchRecords));
        if (this.#life.finished) return;
        const now = Date.now();
        if (outcome.kind === "ok") {
          for (const p of pending) this.metrics.delivered(now - timeOf(p));
          this.#settle(pending.length);
          this.metrics.setStatus("connected");
          this.#life.to("open");
          return;
        }
        this.metrics.recordsFailed += pending.length;
        this.#noteError(outcome.error);
        const done = Math.min(Math.max(outcome.delivered ?? 0, 0), pending.length);
        for (let i = 0; i < done; i++) this.metrics.delivered(now - timeOf(pending[i]!));
        let skip = done;
        if (outcome.kind === "retryable") {
          this.metrics.setStatus("disconnected");
          this.#life.to("backing-off");
          await this.#sleep(retryDelay(backoff.next(), outcome.retryAfterMs, this.#options.retry.maxMs));
          if (this.#life.finished) return;
        } else {
          // Fatal: the record at `delivered` can never go; without `delivered`, none of the batch can.
          const bad = outcome.delivered !== undefined ? Math.min(1, pending.length - done) : pending.length;
          this.logger.warn(
            { sink: this.name, err: errorText(outcome.error), dropped: bad },
            "sink dropped records",
          );
          this.#drop("fatal", bad);
          skip += bad;
          backoff.reset();
          this.#life.to("open");
        }
        this.#settle(skip);
        pending = pending.slice(skip);
        records = records.slice(skip);
        this.#inFlight = pending.length;
      }
    } finally {
      if (!this.#life.finished) {
        this.#inFlight = 0;
        if (this.#life.state !== "open") this.#life.to("open");
      }
    }
  }

  /**
   * Records are built here, in the worker, so the hook call never pays for them. An event that cannot be
   * made a record (a handler left a non-bytes payload in it, say) is dropped as fatal: thrown from here it
   * would end the loop with a rejection nobody handles, which takes the process down.
   */
  #build(pending: Queued[]): [Queued[], EventRecord[]] {
    const options = this.#payloadOptions;
    const records: EventRecord[] = [];
    let kept: Queued[] | undefined;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      if ("record" in p) {
        // Disk mode: built on the hot path already (and it cannot fail here).
        records.push(p.record);
        kept?.push(p);
        continue;
      }
      try {
        records.push(toEventRecord(p.hook, p.event, p.info, options));
        kept?.push(p);
      } catch (error) {
        kept ??= pending.slice(0, i);
        this.#noteError(error);
        this.#drop("fatal", 1);
        this.logger.warn(
          { sink: this.name, hook: p.hook, err: errorText(error) },
          "sink dropped an event it cannot record",
        );
      }
    }
    return [kept ?? pending, records];
  }

  /** A batch that must wait (reconfigure): back at the head of the queue, or to be read again from disk. */
  #handBack(pending: Queued[]): void {
    if (this.#disk !== undefined) this.#disk.rewind();
    else this.queue.unshiftAll(pending as Pending[]);
  }

  /**
   * `idle`/`reconnecting`/`paused` -> `opening` -> `open`; a failed open is closed at once (whatever it left
   * behind is released) and ends in `reconnecting` (retryable) or `broken` (fatal).
   */
  async #openOnce(): Promise<SinkOutcome> {
    if (!this.#life.to("opening")) return { kind: "fatal", error: this.#abort.signal.reason, delivered: 0 };
    this.metrics.setStatus("connecting");
    const outcome = await attempt(() => this.#sink.open(this.#ctx));
    if (outcome.kind === "ok") {
      if (!this.#life.to("open")) return outcome;
      this.#openBackoff.reset();
      // A sink that reports its own status has done so already; otherwise a resolved open means connected.
      if (this.metrics.status === "connecting") this.metrics.setStatus("connected");
      return outcome;
    }
    this.#noteError(outcome.error);
    this.metrics.setStatus("disconnected");
    if (outcome.kind === "retryable") {
      this.logger.warn({ sink: this.name, err: errorText(outcome.error) }, "sink could not open; retrying");
    } else {
      this.logger.error({ sink: this.name, err: errorText(outcome.error) }, "sink could not open");
    }
    const asked = outcome.kind === "retryable" ? outcome.retryAfterMs : undefined;
    this.#openDelayMs = retryDelay(this.#openBackoff.next(), asked, this.#options.retry.maxMs);
    await this.#closeSink(1000, outcome.kind === "retryable" ? "reconnecting" : "broken");
    return outcome;
  }

  /** `reconnecting`: waits out the backoff, then opens again, until open, broken, stopped or paused. */
  async #reopen(): Promise<void> {
    while (!this.#abort.signal.aborted && !this.#pauseRequested && this.#life.state === "reconnecting") {
      if (this.#stopRequested && this.#queuedCount() === 0) return;
      await this.#sleep(this.#openDelayMs);
      if (this.#abort.signal.aborted || this.#pauseRequested) return;
      await this.#openOnce();
    }
  }

  /** A config error found while opening (e.g. a TLS file that cannot be read) says which sink it is for. */
  #named(error: unknown): unknown {
    return error instanceof SinkConfigError && error.sink === undefined ? error.forSink(this.name) : error;
  }

  /** The last error, for the stats (`lastError`); the error itself travels as a returned `SinkOutcome`. */
  #noteError(error: unknown): void {
    this.metrics.lastError = { message: errorText(error), at: new Date().toISOString() };
  }

  #drop(reason: DropReason, count: number): void {
    if (count > 0) this.metrics.dropped[reason] += count;
  }

  /** Closes an open sink on the way to `then`; with nothing to close, goes straight there. */
  async #closeSink(graceMs: number, then: "reconnecting" | "broken" | "paused"): Promise<void> {
    if (sinkIsOpen(this.#life.state)) {
      if (!this.#life.to("closing")) return;
      await this.#callClose(graceMs);
    }
    this.#life.to(then);
  }

  /** `close()`, bounded by `graceMs`: a close that hangs must not hold up a reconfigure or a shutdown. */
  async #callClose(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#sink.close(this.#ctx),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
    } catch (error) {
      this.logger.warn({ sink: this.name, err: errorText(error) }, "sink close failed");
    } finally {
      clearTimeout(timer);
    }
  }

  /** A backoff wait; `WakeUp.now()` (stop, abort, reconfigure, the target is back) cuts it short, new records do not. */
  #sleep(ms: number): Promise<void> {
    if (this.#abort.signal.aborted) return Promise.resolve();
    return this.#wakeUp.wait(Number.POSITIVE_INFINITY, ms);
  }

  /** Resolves once the loop parks for the reconfigure (or is not running): nothing of the sink is in use. */
  #untilIdle(): Promise<void> {
    if (this.#loop === undefined) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#idle = resolve;
      this.#wakeUp.now();
    });
  }

  #signalIdle(): void {
    const idle = this.#idle;
    this.#idle = undefined;
    idle?.();
  }

  #makeContext(): SinkContext {
    const worker = this;
    return {
      name: this.name,
      logger: this.logger,
      get signal() {
        return worker.#abort.signal;
      },
      reportStatus(status: SinkStatus, error?: unknown) {
        if (error !== undefined) worker.#noteError(error);
        const wasConnected = worker.metrics.status === "connected";
        worker.metrics.setStatus(status);
        // Back online: retry now rather than at the end of a backoff that may be long after an outage.
        if (status === "connected" && !wasConnected) worker.#wakeUp.now();
      },
    };
  }
}

function ignore(): void {}
