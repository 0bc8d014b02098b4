// One sink at work: its bounded queue, the delivery loop (batch, linger, retry, order) and its driver face.
import type { Driver, DriverInfo } from "../drivers.js";
import type { HookEvents, HookName } from "../events.js";
import type { Logger } from "../logger.js";
import { errorText, isRetryable, SinkConfigError, SinkError } from "./errors.js";
import { type DropReason, SinkMetrics, type SinkStats } from "./metrics.js";
import type { ResolvedSinkOptions } from "./options.js";
import { BoundedQueue } from "./queue.js";
import { type EventRecord, type PublishInfo, toEventRecord } from "./record.js";
import type { Sink, SinkContext, SinkDefinition, SinkStatus } from "./sink.js";

/** One published event, shared by every sink it is routed to. */
export interface Pending {
  hook: HookName;
  event: HookEvents[HookName];
  info: PublishInfo;
}

type OpenResult = "open" | "retry" | "fatal";

export class SinkWorker implements Driver {
  readonly kind = "sink" as const;
  readonly metrics = new SinkMetrics();
  readonly queue: BoundedQueue<Pending>;
  /** The hooks routed to this sink (for `describe`), kept by the runtime. */
  hooks: string[] = [];
  #enabled = true;
  #sink: Sink;
  #props: unknown;
  #options: ResolvedSinkOptions;
  #abort = new AbortController();
  #ctx: SinkContext;
  #opened = false;
  /** Set after a fatal `open`: records are dropped as fatal until the sink is reconfigured. */
  #broken = false;
  #stopping = false;
  #finalized = false;
  #paused = false;
  #running = false;
  #openFailures = 0;
  #inFlight = 0;
  #wake: (() => void) | undefined;
  #wakeAt = 1;
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
    this.#ctx = this.#makeContext();
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get props(): unknown {
    return this.#props;
  }

  /** Hot path: counts, applies the overflow policy, enqueues, and wakes the loop when it waits for this. */
  offer(p: Pending): void {
    this.metrics.recordsIn++;
    if (!this.#enabled) {
      this.metrics.dropped.disabled++;
      return;
    }
    if (this.queue.full) {
      this.metrics.dropped.queue_full++;
      if (this.#options.overflow === "drop-newest") return;
      this.queue.shift();
    }
    this.queue.push(p);
    if (this.#wake !== undefined && this.queue.length >= this.#wakeAt) {
      const wake = this.#wake;
      this.#wake = undefined;
      wake();
    }
  }

  enable(): void {
    this.#enabled = true;
  }

  /** A disabled sink takes nothing: new events count as dropped "disabled", and so do those waiting. */
  disable(): void {
    this.#enabled = false;
    this.#drop("disabled", this.queue.clear());
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
      queueLength: this.queue.length,
      inFlight: this.#inFlight,
      latency: m.latency(),
    };
  }

  /** Opens the sink once: a fatal error rejects (the caller gives the sink up); a retryable one is retried by the loop. */
  async start(): Promise<void> {
    const first = await this.#openOnce();
    if (first === "fatal") {
      await this.#closeSink(1000);
      throw this.#named(this.metrics.lastErrorCause);
    }
    if (first === "retry") await this.#closeSink(1000);
    this.#running = true;
    this.#loop = this.#run()
      .catch((error: unknown) => {
        // Only a bug gets here; the loop ends, but the process must not.
        this.logger.error({ sink: this.name, err: errorText(error) }, "sink worker stopped");
      })
      .finally(() => {
        this.#running = false;
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
    this.#paused = true;
    await this.#untilIdle();
    try {
      await this.#closeSink(5000);
      if (next !== undefined) this.#sink = next;
      else {
        try {
          this.#sink.configure(props);
        } catch (error) {
          this.#sink.configure(this.#props);
          await this.#openOnce();
          throw error instanceof SinkConfigError ? error.forSink(this.name) : error;
        }
      }
      this.#props = props;
      if (options !== undefined) {
        this.#options = options;
        this.#drop("queue_full", this.queue.resize(options.maxQueue));
      }
      this.#broken = false;
      this.#openFailures = 0;
      const result = await this.#openOnce();
      if (result === "fatal") throw this.#named(this.metrics.lastErrorCause);
      if (result === "retry") await this.#closeSink(1000);
    } finally {
      this.#paused = false;
      this.#wakeNow();
    }
  }

  /** Stops taking batches once the queue is empty (or at once after `abort()`); resolves when the loop ends. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wakeNow();
    await this.#loop;
  }

  /** The deadline passed: give up waits and in-flight calls. */
  abort(): void {
    this.#stopping = true;
    this.#abort.abort(new SinkError(`sink "${this.name}" is shutting down`, { retryable: false }));
    this.#wakeNow();
  }

  /** Counts what is left as dropped "shutdown" and closes the sink within `graceMs`. */
  async finish(graceMs: number): Promise<void> {
    if (this.#finalized) return;
    this.#finalized = true;
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
    if (this.#opened) await this.#closeSink(graceMs);
    this.metrics.setStatus("disconnected");
  }

  async #run(): Promise<void> {
    // A partial batch waits once (up to lingerMs) for more records, then goes as it is.
    let lingered = false;
    for (;;) {
      if (this.#abort.signal.aborted) return;
      if (this.#paused) {
        this.#signalIdle();
        await this.#waitForWork(Number.POSITIVE_INFINITY);
        continue;
      }
      if (!this.#opened && !this.#broken) {
        if (this.#stopping && this.queue.length === 0) return;
        await this.#openWithRetry();
        continue;
      }
      if (this.queue.length === 0) {
        if (this.#stopping) return;
        await this.#waitForWork(1);
        continue;
      }
      const { batchSize, lingerMs } = this.#options;
      if (batchSize > 1 && lingerMs > 0 && this.queue.length < batchSize && !this.#stopping && !lingered) {
        lingered = true;
        await this.#waitForWork(batchSize, lingerMs);
        continue;
      }
      lingered = false;
      await this.#deliver(this.queue.take(batchSize));
    }
  }

  async #deliver(batch: Pending[]): Promise<void> {
    this.#inFlight = batch.length;
    let pending = batch;
    let records: EventRecord[] | undefined;
    let attempt = 0;
    try {
      while (pending.length > 0 && !this.#finalized) {
        if (this.#broken) return this.#drop("fatal", pending.length);
        if (!this.#enabled) return this.#drop("disabled", pending.length);
        if (this.#abort.signal.aborted) return; // finish() counts the in-flight batch
        if (this.#paused) return this.queue.unshiftAll(pending); // reconfigure: they go to the new sink
        if (records === undefined) {
          [pending, records] = this.#build(pending);
          this.#inFlight = pending.length;
          if (pending.length === 0) return;
        }
        try {
          await this.#sink.collect(this.#ctx, records);
          if (this.#finalized) return;
          const now = Date.now();
          for (const p of pending) this.metrics.delivered(now - p.info.time);
          this.metrics.setStatus("connected");
          return;
        } catch (error) {
          if (this.#finalized) return;
          this.metrics.recordsFailed += pending.length;
          this.#noteError(error);
          const reported = error instanceof SinkError ? error.delivered : undefined;
          const done = reported === undefined ? 0 : Math.min(Math.max(reported, 0), pending.length);
          const now = Date.now();
          for (let i = 0; i < done; i++) this.metrics.delivered(now - pending[i]!.info.time);
          let skip = done;
          if (isRetryable(error)) {
            this.metrics.setStatus("disconnected");
            await this.#sleep(this.#backoff(attempt++));
            if (this.#finalized) return;
          } else {
            // Fatal: the record at `delivered` can never go; without `delivered`, none of the batch can.
            const bad = reported !== undefined ? Math.min(1, pending.length - done) : pending.length;
            this.logger.warn(
              { sink: this.name, err: errorText(error), dropped: bad },
              "sink dropped records",
            );
            this.#drop("fatal", bad);
            skip += bad;
            attempt = 0;
          }
          pending = pending.slice(skip);
          records = records.slice(skip);
          this.#inFlight = pending.length;
        }
      }
    } finally {
      if (!this.#finalized) this.#inFlight = 0;
    }
  }

  /**
   * Records are built here, in the worker, so the hook call never pays for them. An event that cannot be
   * made a record (a handler left a non-bytes payload in it, say) is dropped as fatal: thrown from here it
   * would end the loop with a rejection nobody handles, which takes the process down.
   */
  #build(pending: Pending[]): [Pending[], EventRecord[]] {
    const options = { payloadEncoding: this.#options.payloadEncoding };
    const records: EventRecord[] = [];
    let kept: Pending[] | undefined;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
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

  async #openOnce(): Promise<OpenResult> {
    this.metrics.setStatus("connecting");
    try {
      await this.#sink.open(this.#ctx);
      this.#opened = true;
      this.#openFailures = 0;
      // A sink that reports its own status has done so already; otherwise a resolved open means connected.
      if (this.metrics.status === "connecting") this.metrics.setStatus("connected");
      return "open";
    } catch (error) {
      this.#opened = true; // so that close() runs for what a failed open left behind
      this.#openFailures++;
      this.#noteError(error);
      this.metrics.setStatus("disconnected");
      if (isRetryable(error)) {
        this.logger.warn({ sink: this.name, err: errorText(error) }, "sink could not open; retrying");
        return "retry";
      }
      this.#broken = true;
      this.logger.error({ sink: this.name, err: errorText(error) }, "sink could not open");
      return "fatal";
    }
  }

  async #openWithRetry(): Promise<void> {
    while (!this.#abort.signal.aborted && !this.#paused) {
      if (this.#stopping && this.queue.length === 0) return;
      if (this.#openFailures > 0) {
        await this.#sleep(this.#backoff(this.#openFailures - 1));
        if (this.#abort.signal.aborted || this.#paused) return;
      }
      const result = await this.#openOnce();
      if (result !== "retry") return;
      await this.#closeSink(1000);
    }
  }

  /** A config error found while opening (e.g. a TLS file that cannot be read) says which sink it is for. */
  #named(error: unknown): unknown {
    return error instanceof SinkConfigError && error.sink === undefined ? error.forSink(this.name) : error;
  }

  #backoff(attempt: number): number {
    const { initialMs, maxMs } = this.#options.retry;
    const cap = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
    // Jitter: between half and all of the cap, so sinks that failed together do not retry together.
    return cap / 2 + (Math.random() * cap) / 2;
  }

  #noteError(error: unknown): void {
    this.metrics.lastError = { message: errorText(error), at: new Date().toISOString() };
    this.metrics.lastErrorCause = error;
  }

  #drop(reason: DropReason, count: number): void {
    if (count > 0) this.metrics.dropped[reason] += count;
  }

  async #closeSink(graceMs: number): Promise<void> {
    if (!this.#opened) return;
    this.#opened = false;
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

  #waitForWork(threshold: number, timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.#wakeAt = threshold;
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
      if (timeoutMs !== undefined) timer = setTimeout(() => this.#wakeNow(), timeoutMs);
    });
  }

  #wakeNow(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** A backoff wait; `#wakeNow` (stop, abort, reconfigure) cuts it short, new records do not. */
  #sleep(ms: number): Promise<void> {
    if (this.#abort.signal.aborted) return Promise.resolve();
    return this.#waitForWork(Number.POSITIVE_INFINITY, ms);
  }

  /** Resolves once the loop parks in its paused state (or is not running): nothing of the sink is in use. */
  #untilIdle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#idle = resolve;
      this.#wakeNow();
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
        if (status === "connected" && !wasConnected) worker.#wakeNow();
      },
    };
  }
}

function ignore(): void {}
