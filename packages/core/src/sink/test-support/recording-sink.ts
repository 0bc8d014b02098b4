// Test-only: a real sink class whose target can be taken away, made to fail, or held, to drive the runtime.
import { SinkError } from "../errors.js";
import { z } from "../props.js";
import type { EventRecord } from "../record.js";
import {
  defineSink,
  type Sink,
  type SinkContext,
  type SinkDefinition,
  type SinkPropsSchema,
} from "../sink.js";

/** Props of any shape, kept as given: for tests of the runtime, not of a schema. */
const anyProps: SinkPropsSchema<unknown> = z.unknown();

/** A definition whose `create` hands out `sink` (the same one every time), remembering the props. */
export function recordingDefinition(
  sink: RecordingSink,
  props: SinkPropsSchema<unknown> = anyProps,
): SinkDefinition {
  return defineSink({
    type: "rec",
    description: "test",
    props,
    create: (parsed) => {
      sink.props = parsed;
      return sink;
    },
  });
}

export class RecordingSink implements Sink {
  readonly batches: EventRecord[][] = [];
  readonly calls = { open: 0, collect: 0, close: 0 };
  /** The props a definition made it with (see `recordingDefinition`). */
  props: unknown;
  /** While true, open and collect fail with a retryable error (the target is away). */
  down = false;
  /** Records whose payload is in here fail fatally (with `delivered` pointing at them). */
  readonly poison = new Set<string>();
  /** When set, collect waits for it before delivering (to hold a batch in flight). */
  gate: Promise<void> | undefined;
  openFails: "retryable" | "fatal" | undefined;
  #waiters: { count: number; resolve: () => void }[] = [];

  /** The context of the last open, to report status as a real sink would. */
  ctx: SinkContext | undefined;

  async open(ctx: SinkContext): Promise<void> {
    this.ctx = ctx;
    this.calls.open++;
    if (this.openFails !== undefined) {
      throw new SinkError("cannot open", { retryable: this.openFails === "retryable" });
    }
    if (this.down) throw new SinkError("target away", { retryable: true });
  }

  async collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    this.calls.collect++;
    if (this.gate !== undefined) await this.gate;
    if (ctx.signal.aborted) throw new SinkError("aborted", { retryable: true });
    if (this.down) throw new SinkError("target away", { retryable: true });
    const taken: EventRecord[] = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (this.poison.has(record.payload ?? "")) {
        if (taken.length > 0) this.#accept(taken);
        throw new SinkError(`cannot take ${record.payload}`, { retryable: false, delivered: i });
      }
      taken.push(record);
    }
    this.#accept(taken);
  }

  async close(_ctx: SinkContext): Promise<void> {
    this.calls.close++;
  }

  get records(): EventRecord[] {
    return this.batches.flat();
  }

  get payloads(): string[] {
    return this.records.map((r) => r.payload ?? "");
  }

  /** Resolves once at least `count` records have been delivered. */
  waitFor(count: number): Promise<void> {
    if (this.records.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  #accept(records: EventRecord[]): void {
    this.batches.push(records);
    const have = this.records.length;
    this.#waiters = this.#waiters.filter((w) => {
      if (have < w.count) return true;
      w.resolve();
      return false;
    });
  }
}
