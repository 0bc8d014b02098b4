// Hook events reach sinks through the app's routes, after the answer, and a sink that is down never
// slows or fails the broker's calls.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createExhook, type Exhook } from "./app.js";
import { continueWith } from "./decision.js";
import { silentLogger } from "./logger.js";
import { SinkError } from "./sink/errors.js";
import type { EventRecord } from "./sink/record.js";
import type { Sink } from "./sink/sink.js";
import { clientinfo, connect, type HookClient, message, meta } from "./test-support/exhook-client.js";

/** A real sink that keeps what it is given, or fails while `down` is set. */
class CollectingSink implements Sink {
  readonly records: EventRecord[] = [];
  down = false;
  async open(): Promise<void> {}
  async collect(_ctx: unknown, records: readonly EventRecord[]): Promise<void> {
    if (this.down) throw new SinkError("target away", { retryable: true });
    this.records.push(...records);
  }
  async close(): Promise<void> {}
}

let app: Exhook | undefined;
let client: HookClient | undefined;
afterEach(async () => {
  client?.close();
  await app?.close({ deadlineMs: 500 });
});

it("routes hook events to sinks by hook and topic, with the message as answered", async () => {
  const sink = new CollectingSink();
  app = createExhook({ logger: silentLogger });
  app.publish((event) => continueWith({ topic: `${event.message.topic}/checked` }));
  await app.sink("collect", sink, {});
  app.route({ hooks: ["message.publish"], topics: ["s/#"], sinks: ["collect"] });
  app.route({ hooks: ["client.connected"], sinks: ["collect"] });
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  client = connect(`127.0.0.1:${port}`, "v2");

  const loaded = await client.call("OnProviderLoaded", { broker: { version: "5.8.9" }, meta });
  expect(loaded.hooks).toEqual([
    { name: "client.connected", topics: [] },
    { name: "message.publish", topics: [] }, // a handler takes every topic
  ]);
  await client.call("OnClientConnected", { clientinfo: clientinfo("alice"), meta });
  await client.call("OnMessagePublish", { message: message("s/1"), meta });
  await client.call("OnMessagePublish", { message: message("other"), meta });
  await vi.waitFor(() => expect(sink.records.length === 2).toBe(true), { timeout: 10_000 });
  expect(sink.records.map((r) => [r.hook, r.topic ?? r.clientid])).toEqual([
    ["client.connected", "c1"],
    ["message.publish", "s/1/checked"],
  ]);
  expect(JSON.stringify(sink.records)).not.toContain("secret"); // the password never reaches a record
  expect(app.drivers.list().find((d) => d.name === "collect")).toMatchObject({ kind: "sink", enabled: true });
});

it("routes a rewritten publish by the topic the client published, and records both topics", async () => {
  const sensors = new CollectingSink();
  const readings = new CollectingSink();
  app = createExhook({ logger: silentLogger });
  app.publish({ topics: ["sensors/#"] }, (event) =>
    continueWith({ topic: `readings/${event.message.topic.slice("sensors/".length)}` }),
  );
  await app.sink("sensors", sensors, {});
  await app.sink("readings", readings, {});
  app.route({ hooks: ["message.publish"], topics: ["sensors/#"], sinks: ["sensors"] });
  app.route({ hooks: ["message.publish"], topics: ["readings/#"], sinks: ["readings"] });
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  client = connect(`127.0.0.1:${port}`, "v3");

  const answer = await client.call("OnMessagePublish", { message: message("sensors/room1"), meta });
  expect(answer.message.topic).toBe("readings/room1");
  await client.call("OnMessagePublish", { message: message("readings/room2"), meta });
  await vi.waitFor(() => expect(sensors.records.length === 1 && readings.records.length === 1).toBe(true), {
    timeout: 10_000,
  });
  expect(sensors.records.map((r) => [r.topic, r.publishedTopic])).toEqual([
    ["readings/room1", "sensors/room1"],
  ]);
  // Published on readings/ by the client itself: the only one the readings/# route gets.
  expect(readings.records.map((r) => [r.topic, r.publishedTopic])).toEqual([
    ["readings/room2", "readings/room2"],
  ]);
});

it("offers a sink-only message hook with its route's topic filters", async () => {
  app = createExhook({ logger: silentLogger });
  await app.sink("collect", new CollectingSink(), {});
  app.route({ hooks: ["message.delivered"], topics: ["a/+", "b/#"], sinks: ["collect"] });
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  client = connect(`127.0.0.1:${port}`, "v3");
  const loaded = await client.call("OnProviderLoaded", { broker: { version: "5.9.0" }, meta });
  expect(loaded.hooks).toEqual([{ name: "message.delivered", topics: ["a/+", "b/#"] }]);
});

it("keeps answering at once while a sink is down, and counts what its queue drops", async () => {
  const sink = new CollectingSink();
  sink.down = true;
  app = createExhook({ logger: silentLogger });
  await app.sink(
    "flaky",
    sink,
    {},
    { maxQueue: 10, overflow: "drop-oldest", retry: { initialMs: 5, maxMs: 20 } },
  );
  app.route({ hooks: ["message.publish"], sinks: ["flaky"] });
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  client = connect(`127.0.0.1:${port}`, "v2");
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      client!.call("OnMessagePublish", { message: message(`t/${i}`), meta }),
    ),
  );
  expect(answers.every((a) => a.type === "IGNORE")).toBe(true);
  const stats = app.drivers.list().find((d) => d.name === "flaky")!.detail as {
    dropped: Record<string, number>;
  };
  expect(stats.dropped["queue_full"]).toBeGreaterThanOrEqual(39);
  sink.down = false;
  await vi.waitFor(() => expect(sink.records.length === 11).toBe(true), { timeout: 10_000 });
  // The batch in flight when the sink went down is retried; of the rest, the newest ten survive, in order.
  expect(sink.records.map((r) => r.topic)).toEqual([
    "t/0",
    ...Array.from({ length: 10 }, (_, i) => `t/${40 + i}`),
  ]);
});

describe("the event after the answer", () => {
  it("gives sinks the authenticate result the broker was answered, not what a late handler sets", async () => {
    const sink = new CollectingSink();
    app = createExhook({ logger: silentLogger, hooks: { "client.authenticate": { timeoutMs: 100 } } });
    app.authenticate(() => continueWith(true));
    app.authenticate(
      (event, ctx) =>
        new Promise(() => {
          // Past its deadline, the handler still holds the event and changes it: at the abort and later.
          const late = event as { result: boolean };
          ctx.signal.addEventListener("abort", () => {
            late.result = true;
            setTimeout(() => {
              late.result = true;
            }, 5);
          });
        }),
    );
    await app.sink("collect", sink, {});
    app.route({ hooks: ["client.authenticate"], sinks: ["collect"] });
    const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
    client = connect(`127.0.0.1:${port}`, "v2");
    const answer = await client.call("OnClientAuthenticate", {
      clientinfo: clientinfo("u"),
      result: false,
      meta,
    });
    expect(answer).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false }); // fail-closed
    await vi.waitFor(() => expect(sink.records).toHaveLength(1), { timeout: 10_000 });
    expect(sink.records[0]).toMatchObject({ hook: "client.authenticate", result: false });
  });

  it("gives sinks the message the broker publishes when a rewritten chain times out (fail-open)", async () => {
    const sink = new CollectingSink();
    app = createExhook({ logger: silentLogger, hooks: { "message.publish": { timeoutMs: 100 } } });
    app.publish(() => continueWith({ topic: "rewritten" }));
    app.publish(
      (event, ctx) =>
        new Promise(() => {
          ctx.signal.addEventListener("abort", () => {
            event.message.topic = "late";
            event.message.headers["late"] = "yes";
            setTimeout(() => {
              event.message = { ...event.message, topic: "later" };
            }, 5);
          });
        }),
    );
    await app.sink("collect", sink, {});
    app.route({ hooks: ["message.publish"], sinks: ["collect"] });
    const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
    client = connect(`127.0.0.1:${port}`, "v2");
    const answer = await client.call("OnMessagePublish", { message: message("s/1"), meta });
    expect(answer.type).toBe("IGNORE"); // the broker publishes its own message, on s/1
    await vi.waitFor(() => expect(sink.records).toHaveLength(1), { timeout: 10_000 });
    expect(sink.records[0]).toMatchObject({ hook: "message.publish", topic: "s/1" });
    expect(sink.records[0]!.headers).not.toHaveProperty("late");
  });

  it("gives sinks the denied message when publish fails closed", async () => {
    const sink = new CollectingSink();
    app = createExhook({ logger: silentLogger, hooks: { "message.publish": { onFailure: "fail-closed" } } });
    app.publish(() => {
      throw new Error("filter down");
    });
    await app.sink("collect", sink, {});
    app.route({ hooks: ["message.publish"], sinks: ["collect"] });
    const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
    client = connect(`127.0.0.1:${port}`, "v2");
    const answer = await client.call("OnMessagePublish", { message: message("s/1"), meta });
    expect(answer.message.headers.allow_publish).toBe("false");
    await vi.waitFor(() => expect(sink.records).toHaveLength(1), { timeout: 10_000 });
    expect(sink.records[0]!.headers).toMatchObject({ allow_publish: "false" });
  });
});
