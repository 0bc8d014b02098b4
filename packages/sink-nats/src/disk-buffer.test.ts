// The target stopped mid-stream, end to end: a fake EMQX publishes through an exhook server whose publish hook
// goes to a private nats-server's stream with `buffer: "disk"`. The nats-server is killed (SIGKILL) while
// events flow, more events are sent (every hook call is answered), it starts again with the same store dir,
// and every event is in the stream exactly once: read back and counted per MQTT message id and Nats-Msg-Id.
// Then the redelivery itself: records the stream stored but whose PubAcks were lost are sent again from the
// disk buffer by the next exhook, and the stream keeps one of each.
import { createExhook, silentLogger } from "@exhook/core";
import type { EventRecord } from "@exhook/core/sink";
import { createFakeBroker } from "@exhook/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sink } from "./nats-sink.js";
import { startAckProxy } from "./test-support/ack-proxy.js";
import {
  hasNatsServer,
  type ReadMessage,
  sharedNats,
  startNats,
  streamReader,
  suffix,
  tempDir,
} from "./test-support/nats-server.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe.skipIf(!hasNatsServer)("buffer: disk with the nats-server killed mid-stream", () => {
  it("answers every hook call while NATS is down, then stores every event in the stream exactly once", async () => {
    const store = await tempDir("exhook-nats-store-");
    cleanups.push(() => store.remove());
    const buffer = await tempDir("exhook-nats-buffer-");
    cleanups.push(() => buffer.remove());
    const nats = await startNats(store.path);
    cleanups.push(() => nats.stop());

    const app = createExhook({ logger: silentLogger });
    cleanups.push(() => app.close({ deadlineMs: 500 }));
    await app.sink(
      "events",
      sink,
      {
        servers: nats.url,
        subject: "mqtt.${clientid}",
        stream: "MQTT_EVENTS",
        createStream: true,
        reconnectWaitMs: 100,
        ackTimeoutMs: 1000,
      },
      { buffer: "disk", bufferDir: buffer.path, batchSize: 20, retry: { initialMs: 20, maxMs: 200 } },
    );
    app.route({ hooks: ["message.publish"], sinks: ["events"] });
    const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
    const broker = createFakeBroker({ url, version: "v3" });
    cleanups.push(async () => broker.close());
    await broker.load();
    const client = broker.client({ clientid: "dev1", username: "dev1" });
    await client.connect();
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i++)
        expect((await client.publish("t/1", String(i), { qos: 1 })).allowed).toBe(true);
    };
    const reader = await streamReader(nats.url, "MQTT_EVENTS");
    cleanups.push(() => reader.close());
    const stats = () => app.sinks!.sinkStats("events");

    await send(0, 50);
    await vi.waitFor(async () => expect((await reader.read()).length).toBeGreaterThan(0), {
      timeout: 15_000,
    });
    // Killed while events are still being sent and published.
    const sending = send(50, 150);
    await nats.stop({ kill: true });
    await sending;
    await vi.waitFor(() => expect(stats().status, "the sink to see NATS go").not.toBe("connected"), {
      timeout: 15_000,
    });
    await send(150, 250); // answered while nothing can be delivered: the hook never waits on the sink
    expect(broker.failures).toEqual([]);

    await nats.start();
    await vi.waitFor(() => expect(stats().recordsOut).toBe(250), { timeout: 30_000, interval: 50 });
    // The reader's own connection may still be reconnecting: read until it answers with all there is.
    let stored: ReadMessage[] = [];
    await vi.waitFor(
      async () => {
        stored = await reader.read();
        expect(stored.length).toBeGreaterThanOrEqual(250);
      },
      { timeout: 15_000, interval: 50 },
    );
    const records = stored.map((m) => JSON.parse(m.data) as EventRecord);
    expect(new Set(records.map((r) => r.payload))).toEqual(
      new Set(Array.from({ length: 250 }, (_, i) => String(i))),
    );
    for (const counts of [
      countBy(records.map((r) => r.messageId ?? "")),
      countBy(stored.map((m) => m.msgId ?? "")),
    ]) {
      expect(counts.size).toBe(250);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    }
    expect(stored).toHaveLength(250);
    const s = stats();
    expect(s.recordsIn).toBe(250);
    expect(Object.values(s.dropped).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe("buffer: disk redelivering records the stream already stored", () => {
  it("stores each once: the stream drops the redelivered copies by their Nats-Msg-Id", async () => {
    const buffer = await tempDir("exhook-nats-redeliver-");
    cleanups.push(() => buffer.remove());
    const id = suffix();
    const stream = `EXHOOK_REDELIVER_${id}`;
    const reader = await streamReader(sharedNats, stream);
    cleanups.push(async () => {
      await reader.delete();
      await reader.close();
    });
    const proxy = await startAckProxy(Number(new URL(sharedNats).port));
    cleanups.push(() => proxy.close());
    const props = (servers: string) => ({
      servers,
      subject: `redeliver${id}.\${clientid}`,
      stream,
      createStream: true,
      ackTimeoutMs: 300,
    });
    // A batch waits up to 1 s to fill: the records sent while acks are swallowed go out together.
    const options = { buffer: "disk" as const, bufferDir: buffer.path, batchSize: 20, lingerMs: 1000 };

    // The first server: its PubAcks stop arriving, so what it publishes is stored but never counted.
    const first = createExhook({ logger: silentLogger });
    cleanups.push(() => first.close({ deadlineMs: 200 }));
    await first.sink("events", sink, props(proxy.url), options);
    first.route({ hooks: ["message.publish"], sinks: ["events"] });
    const { url } = await first.listen({ port: 0, host: "127.0.0.1" });
    const broker = createFakeBroker({ url, version: "v3" });
    cleanups.push(async () => broker.close());
    await broker.load();
    const client = broker.client({ clientid: "dev1" });
    await client.connect();
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i++) await client.publish("t/1", String(i), { qos: 1 });
    };
    await send(0, 5);
    await vi.waitFor(() => expect(first.sinks!.sinkStats("events").recordsOut).toBe(5), { timeout: 15_000 });
    proxy.swallowReplies();
    await send(5, 25);
    // Stored, never acknowledged: the first batch after the swallowing began (retried, in vain, meanwhile).
    await vi.waitFor(async () => expect((await reader.read()).length).toBeGreaterThan(5), {
      timeout: 15_000,
    });
    const storedUnacked = (await reader.read()).length - 5;
    expect(first.sinks!.sinkStats("events").recordsOut).toBe(5);
    broker.close();
    await first.close({ deadlineMs: 200 }); // the 20 unacknowledged stay in the disk buffer

    // The second server, on the same buffer, straight to NATS: it redelivers the 20, the stream keeps its copies.
    const second = createExhook({ logger: silentLogger });
    cleanups.push(() => second.close({ deadlineMs: 500 }));
    await second.sink("events", sink, props(sharedNats), options);
    await vi.waitFor(() => expect(second.sinks!.sinkStats("events").recordsOut).toBe(20), {
      timeout: 15_000,
    });
    expect(second.sinks!.sinkStats("events").redelivered).toBeGreaterThanOrEqual(storedUnacked);
    const stored = await reader.read();
    expect(stored).toHaveLength(25);
    expect(new Set(stored.map((m) => m.msgId)).size).toBe(25);
    expect(stored.map((m) => (JSON.parse(m.data) as EventRecord).payload)).toEqual(
      Array.from({ length: 25 }, (_, i) => String(i)),
    );
  });
});
