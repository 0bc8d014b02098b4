// The target stopped mid-stream, end to end: a fake EMQX publishes through an exhook server whose publish hook
// goes to a private nats-server's stream with `buffer: "disk"`. The nats-server is killed (SIGKILL) while
// events flow, more events are sent (every hook call is answered), it starts again with the same store dir,
// and every event is in the stream exactly once: read back and counted per MQTT message id and Nats-Msg-Id.
import { createExhook, silentLogger } from "@exhook/core";
import type { EventRecord } from "@exhook/core/sink";
import { createFakeBroker } from "@exhook/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sink } from "./nats-sink.js";
import { hasNatsServer, startNats, streamReader, tempDir } from "./test-support/nats-server.js";

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
    const stored = await reader.read();
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
