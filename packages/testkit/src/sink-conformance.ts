// The conformance suite every sink package runs against its real target (aedes-persistence's abstract suite,
// for sinks): order, batches, retryable and fatal opens, close after a failed open, abort at shutdown, a
// target restart, and the record shape. Registers vitest tests; import from "@exhook/testkit/sink".
import { randomUUID } from "node:crypto";
import type { HookEvents } from "@exhook/core";
import {
  type EventRecord,
  type PublishInfo,
  type Sink,
  type SinkContext,
  type SinkDefinition,
  type SinkOptions,
  SinkRuntime,
  type SinkStats,
  toEventRecord,
} from "@exhook/core/sink";
import { describe, expect, it, vi } from "vitest";

/** The live target the suite delivers to, and how it reads what arrived there. */
export interface SinkTarget {
  /** Props that deliver to the live target. Called once per test. */
  props(): unknown | Promise<unknown>;
  /**
   * Everything that arrived at the target for records whose `clientid` is `clientid` (each test uses its
   * own), in arrival order, as records: the sink's own framing taken off (a log line's `level` and `msg`), no
   * more. A record the target holds twice is returned twice.
   */
  arrived(clientid: string): Promise<readonly EventRecord[]>;
}

export interface SinkConformanceOptions<P> {
  /** The sink package's `sink`. */
  definition: SinkDefinition<P>;
  target: SinkTarget;
  /** Props whose `open` fails retryably (the target is away: a closed port). Leave out if it cannot be away. */
  away?: () => unknown;
  /** Props whose `open` fails fatally (a file that can never be opened). Leave out if no props can. */
  broken?: () => unknown;
  /**
   * Props for the live target under which a record whose `clientid` ends in `#` can never go (its topic
   * would be a wildcard): the sink must fail it fatally, alone, and deliver what comes after it.
   */
  poison?: () => unknown;
  /** Stops and starts the live target (same address, same persistence), for the restart case. */
  restart?: { stop(): Promise<void>; start(): Promise<void> };
  /** How long a wait for records may take, ms (default 30000: machines are loaded). */
  timeoutMs?: number;
}

/** The calls made on every sink the definition created, to check the lifecycle from the outside. */
interface Made {
  opens: number;
  closes: number;
  /** The signal the sink was given: the runtime aborts it at the shutdown deadline. */
  signal: AbortSignal | undefined;
}

function instrumented<P>(definition: SinkDefinition<P>): { definition: SinkDefinition<P>; made: Made[] } {
  const made: Made[] = [];
  const wrapped: SinkDefinition<P> = {
    ...definition,
    create(props: P): Sink {
      const sink = definition.create(props);
      const calls: Made = { opens: 0, closes: 0, signal: undefined };
      made.push(calls);
      return {
        open: (ctx: SinkContext) => {
          calls.opens++;
          calls.signal = ctx.signal;
          return sink.open(ctx);
        },
        collect: (ctx, records) => sink.collect(ctx, records),
        close: (ctx: SinkContext) => {
          calls.closes++;
          return sink.close(ctx);
        },
      };
    },
  };
  return { definition: wrapped, made };
}

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "conformance" };

function publishEvent(clientid: string, n: number): HookEvents["message.publish"] {
  return {
    message: {
      node: "emqx@127.0.0.1",
      id: `0005F8F9A1B2${n.toString(16).padStart(4, "0")}`,
      qos: 1,
      from: clientid,
      topic: `conformance/${clientid}`,
      payload: new TextEncoder().encode(String(n)),
      timestamp: 1_700_000_000_000n + BigInt(n),
      headers: { username: "conformance", peerhost: "127.0.0.1", protocol: "mqtt" },
    },
    props: [],
    userProps: [],
  };
}

function payloads(records: readonly EventRecord[]): string[] {
  return records.map((r) => r.payload ?? "");
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => String(from + i));
}

function dropped(stats: SinkStats): number {
  return Object.values(stats.dropped).reduce((a, b) => a + b, 0);
}

/**
 * Registers the suite in a `describe` named after the sink type. Every case makes its own runtime and closes
 * it; cases that need `away`, `broken` or `restart` are skipped without them.
 */
export function sinkConformance<P>(options: SinkConformanceOptions<P>): void {
  const { target } = options;
  const timeout = options.timeoutMs ?? 30_000;
  const wait = { timeout, interval: 20 };

  async function live(sinkOptions: SinkOptions = {}, props?: unknown) {
    const { definition, made } = instrumented(options.definition);
    const runtime = new SinkRuntime();
    const clientid = `conformance-${randomUUID().slice(0, 8)}`;
    await runtime.addSink("sut", definition, props ?? (await target.props()), sinkOptions);
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["sut"] });
    const info = (): PublishInfo => ({ version: "v2", meta, time: Date.now() });
    const sent: { event: HookEvents["message.publish"]; info: PublishInfo }[] = [];
    const publish = (from: number, to: number, publisher = clientid) => {
      for (let n = from; n < to; n++) {
        const event = publishEvent(publisher, n);
        const i = info();
        sent.push({ event, info: i });
        runtime.publish("message.publish", event, i);
      }
    };
    const arrivedAll = async (count: number) => {
      let got: readonly EventRecord[] = [];
      await vi.waitFor(async () => {
        got = await target.arrived(clientid);
        expect(new Set(payloads(got)).size).toBeGreaterThanOrEqual(count);
      }, wait);
      return got;
    };
    return { runtime, made, clientid, publish, sent, arrivedAll };
  }

  describe(`sink conformance: ${options.definition.type}`, () => {
    it(
      "delivers records in order, each counted once, in the record shape and no field beyond it",
      async () => {
        const t = await live();
        try {
          t.publish(0, 30);
          const got = await t.arrivedAll(30);
          expect(payloads(got)).toEqual(range(0, 30));
          got.forEach((record, i) => {
            const { event, info } = t.sent[i]!;
            expect(record).toStrictEqual(toEventRecord("message.publish", event, info));
          });
          await vi.waitFor(() => expect(t.runtime.sinkStats("sut").recordsOut).toBe(30), wait);
          const stats = t.runtime.sinkStats("sut");
          expect(stats).toMatchObject({ recordsIn: 30, status: "connected" });
          expect(dropped(stats)).toBe(0);
        } finally {
          await t.runtime.close();
        }
      },
      timeout * 2,
    );

    it(
      "delivers batches whole and in order",
      async () => {
        const t = await live({ batchSize: 8, lingerMs: 20 });
        try {
          t.publish(0, 50);
          const got = await t.arrivedAll(50);
          expect(payloads(got)).toEqual(range(0, 50));
          await vi.waitFor(() => expect(t.runtime.sinkStats("sut").recordsOut).toBe(50), wait);
        } finally {
          await t.runtime.close();
        }
      },
      timeout * 2,
    );

    it.skipIf(options.away === undefined)(
      "keeps a sink whose open fails retryably, closes each failed open, and aborts it at shutdown",
      async () => {
        const { definition, made } = instrumented(options.definition);
        const runtime = new SinkRuntime();
        // Addsink resolves: a retryable open is the runtime's to retry, not the caller's to handle.
        await runtime.addSink("away", definition, options.away?.(), { retry: { initialMs: 10, maxMs: 50 } });
        expect(runtime.sinkStats("away").status).toBe("disconnected");
        runtime.addRoute({ hooks: ["message.publish"], sinks: ["away"] });
        for (let n = 0; n < 5; n++) {
          runtime.publish("message.publish", publishEvent("away", n), {
            version: "v2",
            meta,
            time: Date.now(),
          });
        }
        await vi.waitFor(() => expect(made.reduce((a, m) => a + m.opens, 0)).toBeGreaterThanOrEqual(2), wait);
        expect(runtime.sinkStats("away").recordsOut).toBe(0);
        // Shutdown with records still waiting: the deadline aborts ctx.signal and close() ends anyway.
        await runtime.close({ deadlineMs: 200 });
        for (const m of made) expect(m.closes).toBe(m.opens);
        // Records were still waiting at the deadline: the signal the sink waits on was aborted.
        expect(made.at(-1)?.signal?.aborted).toBe(true);
        expect(runtime.sinks()).toEqual([]);
      },
      timeout * 2,
    );

    it.skipIf(options.broken === undefined)(
      "rejects addSink when open fails fatally, and closes what the open left",
      async () => {
        const { definition, made } = instrumented(options.definition);
        const runtime = new SinkRuntime();
        await expect(runtime.addSink("broken", definition, options.broken?.())).rejects.toBeInstanceOf(Error);
        expect(runtime.sinks()).toEqual([]);
        expect(made.length).toBe(1);
        expect(made[0]).toMatchObject({ opens: 1, closes: 1 });
        await runtime.close();
      },
      timeout,
    );

    it("refuses props its schema refuses, naming the property, before making a sink", async () => {
      const { definition, made } = instrumented(options.definition);
      const runtime = new SinkRuntime();
      const error = await runtime
        .addSink("bad", definition, { ...(await asObject(target.props())), notAProp: 1 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "unknown_property", property: "notAProp", sink: "bad" });
      expect(made).toEqual([]);
      await runtime.close();
    });

    it.skipIf(options.poison === undefined)(
      "drops a record that can never go as fatal, alone, and delivers the records around it in order",
      async () => {
        const t = await live({ batchSize: 3, lingerMs: 50 }, options.poison?.());
        try {
          t.publish(0, 1);
          t.publish(1, 2, `${t.clientid}/#`);
          t.publish(2, 4);
          await vi.waitFor(() => expect(t.runtime.sinkStats("sut").dropped.fatal).toBe(1), wait);
          await vi.waitFor(() => expect(t.runtime.sinkStats("sut").recordsOut).toBe(3), wait);
          const got = await t.arrivedAll(3);
          expect(payloads(got)).toEqual(["0", "2", "3"]);
        } finally {
          await t.runtime.close();
        }
      },
      timeout * 2,
    );

    it.skipIf(options.restart === undefined)(
      "loses nothing and counts nothing twice across a restart of the target",
      async () => {
        const restart = options.restart!;
        const t = await live({ retry: { initialMs: 20, maxMs: 200 } });
        try {
          t.publish(0, 10);
          await t.arrivedAll(10);
          await restart.stop();
          t.publish(10, 30);
          await restart.start();
          t.publish(30, 40);
          const got = await t.arrivedAll(40);
          // Every record arrived; a record the target took twice (at-least-once) is allowed, a gap is not.
          expect(new Set(payloads(got))).toEqual(new Set(range(0, 40)));
          await vi.waitFor(() => expect(t.runtime.sinkStats("sut").recordsOut).toBe(40), wait);
          const stats = t.runtime.sinkStats("sut");
          expect(stats.recordsIn).toBe(40);
          expect(dropped(stats)).toBe(0);
        } finally {
          await t.runtime.close();
        }
      },
      timeout * 3,
    );
  });
}

async function asObject(props: unknown): Promise<Record<string, unknown>> {
  const value = await props;
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
