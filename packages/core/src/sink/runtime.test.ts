import { describe, expect, it, vi } from "vitest";
import { DriverRegistry } from "../drivers.js";
import type { HookEvents } from "../events.js";
import type { Logger } from "../logger.js";
import { SinkConfigError, SinkError } from "./errors.js";
import { z } from "./props.js";
import type { EventRecord } from "./record.js";
import { SinkNotFoundError, SinkRouteError, SinkRuntime } from "./runtime.js";
import { defineSink, type Sink, type SinkContext } from "./sink.js";
import { clientInfo, publishEvent, publishInfo } from "./test-support/events.js";
import { RecordingSink, recordingDefinition } from "./test-support/recording-sink.js";

const fast = { retry: { initialMs: 2, maxMs: 10 } };

function publishN(runtime: SinkRuntime, from: number, to: number, topic = "t/1"): void {
  for (let i = from; i < to; i++)
    runtime.publish("message.publish", publishEvent(String(i), topic), publishInfo());
}

function capturingLogger(into: { level: string; fields: Record<string, unknown>; msg: string }[]): Logger {
  const at =
    (level: string) =>
    (fields: object, msg = "") =>
      into.push({ level, fields: fields as Record<string, unknown>, msg });
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => String(from + i));
}

function holdable(sink: RecordingSink): () => void {
  let release!: () => void;
  sink.gate = new Promise<void>((r) => {
    release = r;
  });
  return () => {
    sink.gate = undefined;
    release();
  };
}

describe("SinkRuntime", () => {
  it("delivers routed events as records, in order, and nothing for unrouted hooks", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    await runtime.addSink("rec", recordingDefinition(sink), { a: 1 });
    expect(sink.props).toEqual({ a: 1 });
    runtime.addRoute({ hooks: ["message.publish", "client.connected"], sinks: ["rec"] });
    expect(runtime.hasRoutes("message.publish")).toBe(true);
    expect(runtime.hasRoutes("client.disconnected")).toBe(false);
    publishN(runtime, 0, 50);
    runtime.publish("client.connected", { clientinfo: clientInfo() }, publishInfo());
    runtime.publish("client.disconnected", { clientinfo: clientInfo(), reason: "normal" }, publishInfo());
    await sink.waitFor(51);
    expect(sink.payloads.slice(0, 50)).toEqual(range(0, 50));
    expect(sink.records[50]?.hook).toBe("client.connected");
    expect(sink.records.some((r) => r.hook === "client.disconnected")).toBe(false);
    await runtime.close({ deadlineMs: 1000 });
    expect(sink.calls.close).toBe(1);
  });

  it("routes message hooks by topic filter and reports the filters per hook", async () => {
    const runtime = new SinkRuntime();
    const a = new RecordingSink();
    const b = new RecordingSink();
    await runtime.addSink("a", a, {});
    await runtime.addSink("b", b, {});
    runtime.addRoute({
      hooks: ["message.publish"],
      topics: ["sensors/+/temp", "$share/g/alarms/#"],
      sinks: ["a"],
    });
    runtime.addRoute({ hooks: ["message.publish"], topics: ["alarms/#"], sinks: ["a", "b"] });
    runtime.addRoute({ hooks: ["client.connected"], sinks: ["b"] });
    const hooks = runtime.routedHooks();
    expect([...(hooks.get("message.publish") as string[])].sort()).toEqual(["alarms/#", "sensors/+/temp"]);
    expect(hooks.get("client.connected")).toBe("all");
    publishN(runtime, 0, 1, "sensors/k1/temp");
    publishN(runtime, 1, 2, "alarms/fire");
    publishN(runtime, 2, 3, "other");
    runtime.publish("client.connected", { clientinfo: clientInfo() }, publishInfo());
    await a.waitFor(2);
    await b.waitFor(2);
    await runtime.close({ deadlineMs: 1000 });
    expect(a.payloads).toEqual(["0", "1"]); // "alarms/fire" matched two filters of a: delivered once
    expect(b.records.map((r) => r.hook)).toEqual(["message.publish", "client.connected"]);
  });

  it("matches message.publish routes against the topic the client published, not a rewritten one", async () => {
    const runtime = new SinkRuntime();
    const sensors = new RecordingSink();
    const readings = new RecordingSink();
    await runtime.addSink("sensors", sensors, {});
    await runtime.addSink("readings", readings, {});
    runtime.addRoute({ hooks: ["message.publish"], topics: ["sensors/#"], sinks: ["sensors"] });
    runtime.addRoute({ hooks: ["message.publish"], topics: ["readings/#"], sinks: ["readings"] });
    // A handler rewrote sensors/k1 to readings/k1: the event carries the new topic, the info the old one.
    runtime.publish("message.publish", publishEvent("0", "readings/k1"), {
      ...publishInfo(),
      publishedTopic: "sensors/k1",
    });
    publishN(runtime, 1, 2, "readings/k2");
    await sensors.waitFor(1);
    await readings.waitFor(1);
    await runtime.close({ deadlineMs: 1000 });
    expect(sensors.records.map((r) => [r.topic, r.publishedTopic])).toEqual([["readings/k1", "sensors/k1"]]);
    expect(readings.records.map((r) => [r.topic, r.publishedTopic])).toEqual([
      ["readings/k2", "readings/k2"],
    ]);
  });

  it("rejects routes with unknown hooks, unknown sinks, bad filters or topics on non-message hooks", async () => {
    const runtime = new SinkRuntime();
    await runtime.addSink("a", new RecordingSink(), {});
    expect(() => runtime.addRoute({ hooks: ["client.connected"], topics: ["t"], sinks: ["a"] })).toThrow(
      SinkRouteError,
    );
    expect(() => runtime.addRoute({ hooks: ["message.publish"], topics: ["a/#/b"], sinks: ["a"] })).toThrow(
      /'#' must be/,
    );
    expect(() => runtime.addRoute({ hooks: ["nope" as "message.publish"], sinks: ["a"] })).toThrow(
      /unknown hook/,
    );
    expect(() => runtime.addRoute({ hooks: ["message.publish"], sinks: ["zz"] })).toThrow(SinkNotFoundError);
    const id = runtime.addRoute({ hooks: ["message.publish"], sinks: ["a"] });
    expect(runtime.routes()).toEqual([{ id, hooks: ["message.publish"], topics: [], sinks: ["a"] }]);
    expect(runtime.removeRoute(id)).toBe(true);
    expect(runtime.hasRoutes("message.publish")).toBe(false);
    await runtime.close();
  });

  it("drops the oldest records when the queue is full (drop-oldest) and counts them", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    const release = holdable(sink);
    await runtime.addSink("rec", sink, {}, { maxQueue: 10, overflow: "drop-oldest" });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    publishN(runtime, 0, 1);
    await vi.waitFor(() => expect(sink.calls.collect === 1, "the first batch in flight").toBe(true), {
      timeout: 10_000,
    });
    publishN(runtime, 1, 31);
    expect(runtime.sinkStats("rec").dropped.queue_full).toBe(20);
    expect(runtime.sinkStats("rec").queueLength).toBe(10);
    release();
    await sink.waitFor(11);
    expect(sink.payloads).toEqual(["0", ...range(21, 31)]);
    await runtime.close();
  });

  it("drops the newest records when the queue is full (drop-newest) and counts them", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    const release = holdable(sink);
    await runtime.addSink("rec", sink, {}, { maxQueue: 10, overflow: "drop-newest" });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    publishN(runtime, 0, 1);
    await vi.waitFor(() => expect(sink.calls.collect === 1, "the first batch in flight").toBe(true), {
      timeout: 10_000,
    });
    publishN(runtime, 1, 31);
    release();
    await vi.waitFor(() => expect(runtime.sinkStats("rec").recordsOut === 11, "11 delivered").toBe(true), {
      timeout: 10_000,
    });
    expect(sink.payloads).toEqual(range(0, 11));
    const stats = runtime.sinkStats("rec");
    expect(stats.dropped.queue_full).toBe(20);
    expect(stats.recordsIn).toBe(31);
    expect(stats.recordsOut).toBe(11);
    await runtime.close();
  });

  it("batches up to batchSize and lingers for a partial batch", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    await runtime.addSink("rec", sink, {}, { batchSize: 3, lingerMs: 100 });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    publishN(runtime, 0, 7);
    await sink.waitFor(7);
    expect(sink.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    // Two records a moment apart travel together: the first waits (lingers) for the second.
    publishN(runtime, 7, 8);
    await new Promise((r) => setTimeout(r, 5));
    publishN(runtime, 8, 9);
    await sink.waitFor(9);
    expect(sink.batches.at(-1)?.map((r) => r.payload)).toEqual(["7", "8"]);
    await runtime.close();
  });

  it("retries retryable errors with backoff and keeps the order", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    await runtime.addSink("rec", sink, {}, { ...fast, batchSize: 4 });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    sink.down = true;
    publishN(runtime, 0, 10);
    await vi.waitFor(() => expect(sink.calls.collect >= 4, "several failed attempts").toBe(true), {
      timeout: 10_000,
    });
    const during = runtime.sinkStats("rec");
    expect(during.status).toBe("disconnected");
    expect(during.lastError?.message).toBe("target away");
    expect(during.recordsFailed).toBeGreaterThanOrEqual(16);
    publishN(runtime, 10, 20);
    sink.down = false;
    await vi.waitFor(() => expect(runtime.sinkStats("rec").recordsOut === 20, "20 delivered").toBe(true), {
      timeout: 10_000,
    });
    expect(sink.payloads).toEqual(range(0, 20));
    const after = runtime.sinkStats("rec");
    expect(after.status).toBe("connected");
    expect(after.recordsOut).toBe(20);
    expect(after.dropped).toEqual({ queue_full: 0, fatal: 0, disabled: 0, shutdown: 0, expired: 0 });
    await runtime.close();
  });

  it("waits at least the retryAfterMs a retryable error asks for before the next attempt", async () => {
    const attempts: number[] = [];
    const delivered: string[] = [];
    const busyOnce: Sink = {
      open: async () => {},
      collect: async (_ctx, records) => {
        attempts.push(performance.now());
        if (attempts.length === 1) throw new SinkError("429", { retryable: true, retryAfterMs: 300 });
        for (const r of records) delivered.push(r.payload ?? "");
      },
      close: async () => {},
    };
    const runtime = new SinkRuntime();
    await runtime.addSink("busy", busyOnce, {}, { retry: { initialMs: 1, maxMs: 10_000 } });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["busy"] });
    publishN(runtime, 0, 1);
    await vi.waitFor(() => expect(delivered).toEqual(["0"]), { timeout: 10_000 });
    // A lower bound only (timers never fire early; a loaded machine only makes the wait longer).
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(295);
    await runtime.close();
  });

  it("retries at once when the sink reports itself connected again, not at the end of its backoff", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    await runtime.addSink("rec", sink, {}, { retry: { initialMs: 60_000, maxMs: 60_000 } });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    sink.down = true;
    publishN(runtime, 0, 3);
    await vi.waitFor(
      () =>
        expect(
          sink.calls.collect === 1 && runtime.sinkStats("rec").status === "disconnected",
          "a failure",
        ).toBe(true),
      { timeout: 10_000 },
    );
    sink.down = false;
    sink.ctx?.reportStatus("connected");
    await sink.waitFor(3);
    expect(sink.payloads).toEqual(["0", "1", "2"]);
    await runtime.close();
  });

  it("drops only the record a fatal error names, and delivers the rest of its batch", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    sink.poison.add("2");
    sink.poison.add("7");
    const release = holdable(sink);
    await runtime.addSink("rec", sink, {}, { batchSize: 5 });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    publishN(runtime, 0, 1);
    await vi.waitFor(() => expect(sink.calls.collect === 1, "first batch").toBe(true), { timeout: 10_000 });
    publishN(runtime, 1, 10);
    release();
    await sink.waitFor(8);
    await runtime.close();
    expect(sink.payloads).toEqual(["0", "1", "3", "4", "5", "6", "8", "9"]);
    expect(runtime.stats()).toEqual([]);
  });

  it("counts an error that is not a SinkError as fatal for the whole batch", async () => {
    class Buggy implements Sink {
      n = 0;
      async open(): Promise<void> {}
      async close(): Promise<void> {}
      async collect(_ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
        this.n += records.length;
        throw new TypeError("bug");
      }
    }
    const runtime = new SinkRuntime();
    const sink = new Buggy();
    await runtime.addSink("bug", sink, {}, fast);
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["bug"] });
    publishN(runtime, 0, 3);
    await vi.waitFor(() => expect(runtime.sinkStats("bug").dropped.fatal === 3, "3 fatal drops").toBe(true), {
      timeout: 10_000,
    });
    expect(sink.n).toBe(3);
    expect(runtime.sinkStats("bug").lastError?.message).toBe("bug");
    await runtime.close();
  });

  it("flushes the queue on close, and counts what the deadline cut off as shutdown", async () => {
    const runtime = new SinkRuntime();
    const up = new RecordingSink();
    const away = new RecordingSink();
    await runtime.addSink("up", up, {}, fast);
    await runtime.addSink("away", away, {}, fast);
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["up", "away"] });
    away.down = true;
    publishN(runtime, 0, 200);
    const statsBefore = () => [runtime.sinkStats("up"), runtime.sinkStats("away")];
    expect(statsBefore().map((s) => s.recordsIn)).toEqual([200, 200]);
    const awayStats = () => runtime.sinkStats("away");
    let last = awayStats();
    const poll = setInterval(() => {
      if (runtime.sinks().includes("away")) last = awayStats();
    }, 1);
    await runtime.close({ deadlineMs: 300 });
    clearInterval(poll);
    expect(up.payloads).toEqual(range(0, 200));
    expect(away.records).toEqual([]);
    expect(away.calls.close).toBe(1);
    expect(last.recordsIn).toBe(200);
    // After close the runtime publishes nothing and knows no sinks.
    publishN(runtime, 200, 201);
    expect(runtime.sinks()).toEqual([]);
  });

  it("counts records dropped at shutdown in the sink's final stats, and logs them per sink", async () => {
    const drivers = new DriverRegistry();
    const logged: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
    const logger = capturingLogger(logged);
    const runtime = new SinkRuntime({ drivers, logger });
    const sink = new RecordingSink();
    await runtime.addSink("rec", sink, {}, fast);
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    sink.down = true;
    publishN(runtime, 0, 5);
    await vi.waitFor(() => expect(sink.calls.collect >= 2, "retrying").toBe(true), { timeout: 10_000 });
    const driver = drivers.get("rec");
    await runtime.close({ deadlineMs: 50 });
    expect(logged.filter((l) => l.fields["reason"] === "shutdown")).toEqual([
      {
        level: "warn",
        fields: { sink: "rec", type: "custom", dropped: 5, reason: "shutdown", status: "disconnected" },
        msg: 'sink "rec" dropped 5 records at shutdown',
      },
    ]);
    const detail = driver?.describe().detail as { dropped: { shutdown: number }; inFlight: number };
    expect(detail.dropped.shutdown).toBe(5);
    expect(detail.inFlight).toBe(0);
    expect(drivers.list()).toEqual([]);
  });

  it("registers a sink driver that can be disabled (drops counted as disabled) and enabled again", async () => {
    const drivers = new DriverRegistry();
    const runtime = new SinkRuntime({ drivers });
    const sink = new RecordingSink();
    await runtime.addSink("rec", sink, {});
    runtime.addRoute({ hooks: ["message.publish", "client.connected"], sinks: ["rec"] });
    const info = drivers.list()[0];
    expect(info).toMatchObject({ name: "rec", kind: "sink", enabled: true });
    expect(info?.hooks.sort()).toEqual(["client.connected", "message.publish"]);
    drivers.disable("rec");
    publishN(runtime, 0, 5);
    drivers.enable("rec");
    publishN(runtime, 5, 8);
    await sink.waitFor(3);
    const stats = runtime.sinkStats("rec");
    expect(stats.dropped.disabled).toBe(5);
    expect(stats.enabled).toBe(true);
    expect(sink.payloads).toEqual(["5", "6", "7"]);
    await runtime.close();
  });

  it("keeps its counters consistent: in = out + dropped + queued + in flight", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    sink.poison.add("8");
    const release = holdable(sink);
    await runtime.addSink("rec", sink, {}, { maxQueue: 5, batchSize: 2, overflow: "drop-oldest" });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    publishN(runtime, 0, 2);
    await vi.waitFor(() => expect(sink.calls.collect === 1, "first batch").toBe(true), { timeout: 10_000 });
    publishN(runtime, 2, 12);
    const check = () => {
      const s = runtime.sinkStats("rec");
      const dropped = Object.values(s.dropped).reduce((a, b) => a + b, 0);
      expect(s.recordsIn).toBe(s.recordsOut + dropped + s.queueLength + s.inFlight);
      return s;
    };
    expect(check().inFlight).toBe(2);
    release();
    await vi.waitFor(
      () =>
        expect(
          runtime.sinkStats("rec").queueLength === 0 && runtime.sinkStats("rec").inFlight === 0,
          "drain",
        ).toBe(true),
      { timeout: 10_000 },
    );
    const s = check();
    expect(s.recordsOut).toBe(6);
    expect(s.dropped).toMatchObject({ queue_full: 5, fatal: 1 });
    expect(s.latency.buckets.reduce((a, b) => a + b.count, 0)).toBe(6);
    expect(s.lastConnectedAt).not.toBeNull();
    await runtime.close();
  });

  it("validates options and props with errors naming the property and the sink", async () => {
    const runtime = new SinkRuntime();
    await expect(runtime.addSink("rec", new RecordingSink(), {}, { maxQueue: 0 })).rejects.toMatchObject({
      name: "SinkConfigError",
      code: "invalid_property",
      property: "maxQueue",
      reason: "must be at least 1",
      sink: "rec",
    });
    await expect(
      runtime.addSink("rec", new RecordingSink(), {}, { retry: { initialMs: 100, maxMs: 10 } }),
    ).rejects.toMatchObject({ property: "retry.maxMs" });
    const props = z.strictObject({ qos: z.literal([0, 1, 2]).default(0) });
    const definition = defineSink({
      type: "rec",
      description: "test",
      props,
      create: (parsed) => {
        const sink = new RecordingSink();
        sink.props = parsed;
        return sink;
      },
    });
    const error = await runtime.addSink("bad", definition, { qos: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkConfigError);
    expect((error as Error).message).toBe('bad: property "qos" must be 0, 1 or 2');
    expect(runtime.sinks()).toEqual([]);
    await runtime.addSink("good", definition, { qos: "1" });
    expect(runtime.stats()[0]).toMatchObject({ name: "good", type: "rec", status: "connected" });
    await runtime.close();
  });

  it("keeps a sink whose open fails retryably, reports it disconnected, and delivers once it opens", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    sink.openFails = "retryable";
    await runtime.addSink("rec", sink, {}, fast);
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    const stats = runtime.sinkStats("rec");
    expect(stats.status).toBe("disconnected");
    expect(stats.lastError?.message).toBe("cannot open");
    publishN(runtime, 0, 3);
    await vi.waitFor(() => expect(sink.calls.open >= 3, "open retries").toBe(true), { timeout: 10_000 });
    expect(sink.calls.close).toBeGreaterThanOrEqual(2); // closed after each failed open
    sink.openFails = undefined;
    await sink.waitFor(3);
    expect(runtime.sinkStats("rec").status).toBe("connected");
    await runtime.close();
  });

  it("gives a definition's create the parsed props, and refuses props for a Sink instance", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    const props = z.strictObject({ qos: z.literal([0, 1, 2]).default(1) });
    await runtime.addSink("typed", recordingDefinition(sink, props), { qos: "2" });
    expect(sink.props).toEqual({ qos: 2 });
    const error = await runtime.addSink("inst", new RecordingSink(), { qos: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_props", sink: "inst" });
    expect(runtime.sinks()).toEqual(["typed"]);
    await expect(runtime.reconfigure("typed", { qos: 7 })).rejects.toMatchObject({ property: "qos" });
    expect(sink.props).toEqual({ qos: 2 });
    await runtime.close();
  });

  it("rejects addSink when open fails fatally and keeps nothing", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    sink.openFails = "fatal";
    await expect(runtime.addSink("rec", sink, {})).rejects.toBeInstanceOf(SinkError);
    expect(runtime.sinks()).toEqual([]);
    expect(sink.calls.close).toBe(1);
    await runtime.close();
  });

  it("reconfigures a running sink: queued records go to the new instance; bad props change nothing", async () => {
    const made: RecordingSink[] = [];
    const props = z.strictObject({ label: z.string().min(1) });
    const definition = defineSink({
      type: "rec",
      description: "test",
      props,
      create: (parsed) => {
        const sink = new RecordingSink();
        sink.props = parsed;
        made.push(sink);
        return sink;
      },
    });
    const runtime = new SinkRuntime();
    await runtime.addSink("rec", definition, { label: "one" });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    const first = made[0]!;
    const release = holdable(first);
    publishN(runtime, 0, 1);
    await vi.waitFor(() => expect(first.calls.collect === 1, "first batch").toBe(true), { timeout: 10_000 });
    publishN(runtime, 1, 4);
    await expect(runtime.reconfigure("rec", { label: "" })).rejects.toMatchObject({ property: "label" });
    const done = runtime.reconfigure("rec", { label: "two" });
    release();
    await done;
    const second = made.at(-1)!;
    expect(second.props).toEqual({ label: "two" });
    await second.waitFor(3);
    expect(first.payloads).toEqual(["0"]);
    expect(second.payloads).toEqual(["1", "2", "3"]);
    expect(first.calls.close).toBe(1);
    await runtime.close();
  });

  it("runs concurrent reconfigures one after the other, and each of them resolves", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    await runtime.addSink("rec", recordingDefinition(sink), { n: 0 });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    const release = holdable(sink);
    publishN(runtime, 0, 1);
    await vi.waitFor(() => expect(sink.calls.collect === 1, "a batch in flight").toBe(true), {
      timeout: 10_000,
    });
    const first = runtime.reconfigure("rec", { n: 1 });
    const second = runtime.reconfigure("rec", { n: 2 });
    release();
    await Promise.all([first, second]);
    expect(sink.props).toEqual({ n: 2 });
    // Each reconfigure closed and reopened the sink once, in turn.
    expect(sink.calls).toMatchObject({ open: 3, close: 2 });
    publishN(runtime, 1, 2);
    await sink.waitFor(2);
    await runtime.close();
  });

  it("removes a sink and the routes that only it used", async () => {
    const drivers = new DriverRegistry();
    const runtime = new SinkRuntime({ drivers });
    const sink = new RecordingSink();
    await runtime.addSink("a", sink, {});
    await runtime.addSink("b", new RecordingSink(), {});
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["a"] });
    runtime.addRoute({ hooks: ["client.connected"], sinks: ["a", "b"] });
    publishN(runtime, 0, 3);
    await runtime.removeSink("a");
    expect(sink.payloads).toEqual(["0", "1", "2"]);
    expect(runtime.hasRoutes("message.publish")).toBe(false);
    expect(runtime.routes().map((r) => r.sinks)).toEqual([["b"]]);
    expect(drivers.list().map((d) => d.name)).toEqual(["b"]);
    await expect(runtime.removeSink("a")).rejects.toBeInstanceOf(SinkNotFoundError);
    await runtime.close();
  });

  it("drops an event it cannot make a record of as fatal, and keeps delivering the rest", async () => {
    const runtime = new SinkRuntime();
    const sink = new RecordingSink();
    await runtime.addSink("rec", sink, {}, { batchSize: 10, lingerMs: 20 });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["rec"] });
    publishN(runtime, 0, 1);
    // A handler (untyped JS) left a number where the payload's bytes belong.
    const broken = publishEvent("x");
    (broken.message as { payload: unknown }).payload = 5;
    runtime.publish("message.publish", broken, publishInfo());
    publishN(runtime, 1, 2);
    await sink.waitFor(2);
    expect(sink.payloads).toEqual(["0", "1"]);
    const stats = runtime.sinkStats("rec");
    expect(stats.dropped.fatal).toBe(1);
    expect(stats.recordsIn).toBe(stats.recordsOut + stats.dropped.fatal + stats.queueLength + stats.inFlight);
    // The loop is still alive.
    publishN(runtime, 2, 3);
    await sink.waitFor(3);
    await runtime.close({ deadlineMs: 1000 });
  });

  it("never throws from publish, even for an event that does not fit its hook", async () => {
    const runtime = new SinkRuntime();
    await runtime.addSink("a", new RecordingSink(), {});
    runtime.addRoute({ hooks: ["message.publish"], topics: ["t/#"], sinks: ["a"] });
    expect(() =>
      runtime.publish("message.publish", {} as HookEvents["message.publish"], publishInfo()),
    ).not.toThrow();
    await runtime.close();
  });
});
