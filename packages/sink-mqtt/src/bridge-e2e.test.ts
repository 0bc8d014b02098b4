// End to end: a fake EMQX (the testkit) publishes through an exhook server whose publish hook is bridged
// to a real mosquitto; the mosquitto is killed mid-stream and started again. The broker's calls keep being
// answered while the bridge is down, and everything within the queue bound arrives afterwards, in order.
import { createExhook, silentLogger } from "@exhook/core";
import type { EventRecord } from "@exhook/core/sink";
import { createFakeBroker } from "@exhook/testkit";
import { describe, expect, it, vi } from "vitest";
import { sink } from "./mqtt-sink.js";
import { hasMosquitto, startMosquitto, subscriber, tempDir } from "./test-support/brokers.js";

describe.skipIf(!hasMosquitto)("a publish hook bridged to mosquitto, through a broker restart", () => {
  it("answers every hook call while mosquitto is down, then delivers what the queue kept, in order", async () => {
    const dir = await tempDir("exhook-bridge-e2e-");
    const mosquitto = await startMosquitto(dir.path);
    const sub = await subscriber(mosquitto.url, "bridge/#", {
      clientId: "e2e-sub",
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 300 },
    });
    const app = createExhook({ logger: silentLogger });
    await app.sink(
      "bridge",
      sink,
      {
        server: mosquitto.url,
        topic: "bridge/${clientid}",
        payload: "${payload}",
        qos: 1,
        reconnectPeriodMs: 100,
      },
      { maxQueue: 50, overflow: "drop-oldest", batchSize: 10, retry: { initialMs: 20, maxMs: 200 } },
    );
    app.route({ hooks: ["message.publish"], sinks: ["bridge"] });
    const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
    const broker = createFakeBroker({ url, version: "v3" });
    try {
      await broker.load();
      const client = broker.client({ clientid: "dev1", username: "dev1" });
      await client.connect();
      const send = async (from: number, to: number) => {
        for (let i = from; i < to; i++)
          expect((await client.publish("t/1", String(i), { qos: 1 })).allowed).toBe(true);
      };
      await send(0, 20);
      await sub.waitFor(20);

      await mosquitto.stop();
      const stats = () => app.sinks!.sinkStats("bridge");
      await vi.waitFor(
        () => expect(stats().status !== "connected", "the bridge to see mosquitto go").toBe(true),
        { timeout: 10_000 },
      );
      await send(20, 200); // answered while nothing can be delivered: the hook never waits on the sink
      expect(broker.failures).toEqual([]);
      const dropped = stats().dropped.queue_full;
      expect(dropped).toBeGreaterThan(0);

      await mosquitto.start();
      await vi.waitFor(
        () =>
          expect(
            sub.received.some((m) => m.payload === "199"),
            "the last message",
          ).toBe(true),
        { timeout: 15_000 },
      );
      const seen: number[] = [];
      for (const m of sub.received) {
        const n = Number(m.payload);
        // QoS 1 is at least once: a restart may redeliver what came just before the stop.
        if (!seen.includes(n)) seen.push(n);
      }
      expect(seen.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
      expect(seen).toHaveLength(200 - dropped);
      expect(seen.at(-1)).toBe(199);
    } finally {
      broker.close();
      await app.close({ deadlineMs: 500 });
      await sub.client.endAsync(true);
      await mosquitto.close();
      await dir.remove();
    }
  });
});

describe.skipIf(!hasMosquitto)("records bridged to mosquitto from real hook calls", () => {
  it("are the documented shape: no protobuf internals, nested objects with their own fields only", async () => {
    const dir = await tempDir("exhook-bridge-shape-");
    const mosquitto = await startMosquitto(dir.path);
    const sub = await subscriber(mosquitto.url, "shape/#", { clientId: "shape-sub" });
    const app = createExhook({ logger: silentLogger });
    await app.sink("bridge", sink, { server: mosquitto.url, topic: "shape/${hook}/${version}", qos: 1 });
    const hooks = ["client.connected", "client.subscribe", "session.subscribed", "message.publish"] as const;
    app.route({ hooks: [...hooks], sinks: ["bridge"] });
    const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
    const brokers = (["v1", "v3"] as const).map((version) => createFakeBroker({ url, version }));
    try {
      for (const broker of brokers) {
        await broker.load();
        const client = broker.client({ clientid: "dev1" });
        await client.connect();
        await client.subscribe("a/#", { qos: 1 });
        await client.publish("a/1", "x");
      }
      await sub.waitFor(hooks.length * brokers.length);
      for (const m of sub.received) {
        expect(m.payload).not.toMatch(/\$typeName|"share"/);
        const record = JSON.parse(m.payload) as EventRecord;
        expect(Object.keys(record.meta).sort()).toEqual(["clusterName", "node", "sysdescr", "version"]);
        if (record.subopts !== undefined)
          expect(Object.keys(record.subopts).sort()).toEqual(["nl", "qos", "rap", "rh"]);
        for (const f of record.topicFilters ?? [])
          expect(Object.keys(f).sort()).toEqual(["nl", "qos", "rap", "rh", "topic"]);
      }
      expect(new Set(sub.received.map((m) => m.topic))).toEqual(
        new Set(["v1", "v3"].flatMap((v) => hooks.map((h) => `shape/${h}/${v}`))),
      );
    } finally {
      for (const broker of brokers) broker.close();
      await app.close({ deadlineMs: 500 });
      await sub.client.endAsync(true);
      await mosquitto.close();
      await dir.remove();
    }
  });
});
