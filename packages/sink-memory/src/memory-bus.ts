// An in-process pub/sub bus: records published to topics, read by subscribers with MQTT wildcard filters.

import { TopicMatcher } from "@exhook/core/mqtt";
import type { EventRecord } from "@exhook/core/sink";

export interface MemorySubscribeOptions {
  /** Records a subscription holds for its reader, at most (default 1000). */
  bufferSize?: number;
  /** What a full buffer does with a new record (default `drop-oldest`). Drops are counted in `dropped`. */
  overflow?: "drop-oldest" | "drop-newest";
  /**
   * Called for each record as it is published, instead of buffering it for the async iterator. It runs inside
   * the sink's delivery, so keep it short; what it throws is counted in `errors` and otherwise ignored.
   */
  onRecord?: (record: EventRecord, topic: string) => void;
}

/**
 * One subscriber's view of the bus: an async iterator of records (`for await (const record of sub)`) with a
 * bounded buffer. Records are shared between subscribers: treat them as read-only.
 */
export class MemorySubscription implements AsyncIterableIterator<EventRecord> {
  readonly filters: readonly string[];
  #buffer: EventRecord[] = [];
  #head = 0;
  #readers: ((result: IteratorResult<EventRecord>) => void)[] = [];
  #closed = false;
  #received = 0;
  #dropped = 0;
  #errors = 0;
  readonly #bufferSize: number;
  readonly #dropNewest: boolean;
  readonly #onRecord: ((record: EventRecord, topic: string) => void) | undefined;
  readonly #unsubscribe: (sub: MemorySubscription) => void;

  /** @internal Made by `MemoryBus.subscribe`. */
  constructor(
    filters: readonly string[],
    options: MemorySubscribeOptions,
    unsubscribe: (sub: MemorySubscription) => void,
  ) {
    this.filters = filters;
    this.#bufferSize = options.bufferSize ?? 1000;
    if (!Number.isInteger(this.#bufferSize) || this.#bufferSize < 1) {
      throw new RangeError("bufferSize must be an integer of at least 1");
    }
    this.#dropNewest = options.overflow === "drop-newest";
    this.#onRecord = options.onRecord;
    this.#unsubscribe = unsubscribe;
  }

  /** Records that matched this subscription (also those then dropped). */
  get received(): number {
    return this.#received;
  }

  /** Records dropped because the buffer was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Errors thrown by `onRecord`. */
  get errors(): number {
    return this.#errors;
  }

  /** Records waiting to be read. */
  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** @internal Called by the bus for each matching record. */
  deliver(record: EventRecord, topic: string): void {
    if (this.#closed) return;
    this.#received++;
    if (this.#onRecord !== undefined) {
      try {
        this.#onRecord(record, topic);
      } catch {
        this.#errors++;
      }
      return;
    }
    const reader = this.#readers.shift();
    if (reader !== undefined) {
      reader({ value: record, done: false });
      return;
    }
    if (this.buffered >= this.#bufferSize) {
      this.#dropped++;
      if (this.#dropNewest) return;
      this.#head++;
    }
    this.#buffer.push(record);
  }

  next(): Promise<IteratorResult<EventRecord>> {
    if (this.buffered > 0) {
      const value = this.#buffer[this.#head] as EventRecord;
      this.#buffer[this.#head++] = undefined as unknown as EventRecord;
      // Compact now and then, so a long-lived subscription does not keep a growing array.
      if (this.#head >= 1024 && this.#head * 2 >= this.#buffer.length) {
        this.#buffer = this.#buffer.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#readers.push(resolve));
  }

  /** `break` in a `for await` closes the subscription. */
  return(): Promise<IteratorResult<EventRecord>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<EventRecord> {
    return this;
  }

  /** Unsubscribes; buffered records can still be read, then the iteration ends. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe(this);
    for (const reader of this.#readers.splice(0)) reader({ value: undefined, done: true });
  }
}

/** Where memory sinks publish and subscribers read. `memoryBus` is the process-wide one. */
export class MemoryBus {
  readonly #matcher = new TopicMatcher<MemorySubscription>();
  readonly #subscriptions = new Set<MemorySubscription>();

  /** Subscribes to one or more MQTT topic filters (`+`, `#`); throws `TypeError` for an invalid filter. */
  subscribe(filter: string | readonly string[], options: MemorySubscribeOptions = {}): MemorySubscription {
    const filters = typeof filter === "string" ? [filter] : [...filter];
    if (filters.length === 0) throw new TypeError("subscribe needs at least one topic filter");
    const sub = new MemorySubscription(filters, options, (s) => this.#remove(s));
    // Add all or none: a bad filter after a good one must not leave half a subscription.
    try {
      for (const f of filters) this.#matcher.add(f, sub);
    } catch (error) {
      for (const f of filters) this.#matcher.remove(f, sub);
      throw error;
    }
    this.#subscriptions.add(sub);
    return sub;
  }

  /** Delivers the record to every subscription whose filters match `topic`; returns how many matched. */
  publish(topic: string, record: EventRecord): number {
    if (this.#subscriptions.size === 0) return 0;
    const subs = this.#matcher.match(topic);
    for (const sub of subs) sub.deliver(record, topic);
    return subs.length;
  }

  /** Open subscriptions. */
  get size(): number {
    return this.#subscriptions.size;
  }

  /** Closes every subscription. */
  clear(): void {
    for (const sub of [...this.#subscriptions]) sub.close();
  }

  #remove(sub: MemorySubscription): void {
    for (const f of sub.filters) this.#matcher.remove(f, sub);
    this.#subscriptions.delete(sub);
  }
}

/** The process-wide bus: the memory sink's default, so an app and its consumers meet without wiring. */
export const memoryBus: MemoryBus = new MemoryBus();
