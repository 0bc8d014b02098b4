import type { HookEvents } from "@exhook/core";
import { describeProps, type EventRecord, SinkConfigError, SinkRuntime } from "@exhook/core/sink";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sink } from "./mqtt-sink.js";
import {
  freePort,
  hasMosquitto,
  hasOpenssl,
  selfSigned,
  startAedes,
  startMosquitto,
  subscriber,
  type TestBroker,
  tempDir,
} from "./test-support/brokers.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };
const info = () => ({ version: "v2" as const, meta, time: Date.now() });
const fastRetry = { retry: { initialMs: 20, maxMs: 200 } };

const onMosquitto = hasMosquitto
  ? "@exhook/sink-mqtt on mosquitto"
  : "@exhook/sink-mqtt on mosquitto (skipped: /usr/sbin/mosquitto is missing)";
const overTls = hasOpenssl
  ? "@exhook/sink-mqtt over TLS (aedes, self-signed certificate)"
  : "@exhook/sink-mqtt over TLS (skipped: openssl is missing)";

function publishEvent(text: string, from = "c1"): HookEvents["message.publish"] {
  return {
    message: {
      node: "emqx@127.0.0.1",
      id: "01",
      qos: 1,
      from,
      topic: "t/1",
      payload: new TextEncoder().encode(text),
      timestamp: 1n,
      headers: {},
    },
    props: [],
    userProps: [],
  };
}

function publishRange(runtime: SinkRuntime, from: number, to: number): void {
  for (let i = from; i < to; i++) runtime.publish("message.publish", publishEvent(String(i)), info());
}

describe("@exhook/sink-mqtt on aedes", () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(async () => {
    await broker.close();
  });

  it("publishes each record as JSON on its rendered topic, in order, counted once acknowledged", async () => {
    const sub = await subscriber(broker.url, "exhook/#");
    const runtime = new SinkRuntime();
    await runtime.addSink("bridge", sink, { server: broker.url, qos: 1 }, { batchSize: 10 });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["bridge"] });
    publishRange(runtime, 0, 100);
    await sub.waitFor(100);
    expect(sub.received[0]?.topic).toBe("exhook/message.publish/c1");
    const records = sub.received.map((m) => JSON.parse(m.payload) as EventRecord);
    expect(records.map((r) => r.payload)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(records[0]).toMatchObject({ hook: "message.publish", clientid: "c1", version: "v2", meta });
    await vi.waitFor(
      () => expect(runtime.sinkStats("bridge").recordsOut === 100, "100 acknowledged").toBe(true),
      { timeout: 10_000 },
    );
    expect(runtime.sinkStats("bridge")).toMatchObject({ status: "connected", recordsFailed: 0 });
    await runtime.close();
    await sub.client.endAsync();
  });

  it("renders a payload template instead of the JSON record", async () => {
    const sub = await subscriber(broker.url, "custom/+");
    const runtime = new SinkRuntime();
    await runtime.addSink("bridge", sink, {
      server: broker.url,
      topic: "custom/${clientid}",
      payload: "${clientid} said ${payload}",
      qos: 0,
    });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["bridge"] });
    runtime.publish("message.publish", publishEvent("hi", "dev7"), info());
    await sub.waitFor(1);
    expect(sub.received[0]).toMatchObject({ topic: "custom/dev7", payload: "dev7 said hi" });
    await runtime.close();
    await sub.client.endAsync();
  });

  it("rejects bad props with an error naming the property", async () => {
    const runtime = new SinkRuntime();
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, "server", "is required"],
      [{ server: "http://127.0.0.1" }, "server", "must be an mqtt://, mqtts://, ws:// or wss:// URL"],
      [{ server: "not a url" }, "server", "must be a URL such as mqtt://127.0.0.1:1883"],
      [{ server: broker.url, qos: 3 }, "qos", "must be 0, 1 or 2"],
      [{ server: broker.url, protocolVersion: 3 }, "protocolVersion", "must be 4 or 5"],
      [
        { server: broker.url, topic: "a/${hook" },
        "topic",
        "is not a valid template: '${' is not closed by '}'",
      ],
      [
        { server: broker.url, cert: "-----BEGIN CERTIFICATE-----" },
        "key",
        "is required when cert or key is given",
      ],
      [
        { server: broker.url, qso: 1 },
        "qso",
        expect.stringContaining("is not a known property") as unknown as string,
      ],
    ];
    for (const [props, property, reason] of cases) {
      const error = await runtime.addSink("bridge", sink, props).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SinkConfigError);
      expect(error).toMatchObject({ property, reason, sink: "bridge" });
    }
    const missing = await runtime
      .addSink("bridge", sink, { server: broker.url, ca: "/nonexistent/ca.pem" })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: "SinkConfigError", property: "ca", sink: "bridge" });
    expect((missing as Error).message).toContain("/nonexistent/ca.pem");
    expect(runtime.sinks()).toEqual([]);
    await runtime.close();
  });

  it("keeps running against an unreachable server: disconnected, last error, publish never throws", async () => {
    const port = await freePort();
    const runtime = new SinkRuntime();
    await runtime.addSink(
      "bridge",
      sink,
      { server: `mqtt://127.0.0.1:${port}`, connectTimeoutMs: 500 },
      fastRetry,
    );
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["bridge"] });
    publishRange(runtime, 0, 10);
    const stats = runtime.sinkStats("bridge");
    expect(stats.status).not.toBe("connected");
    expect(stats.lastError?.message).toMatch(/ECONNREFUSED/);
    expect(stats.queueLength + stats.inFlight).toBe(10);
    await runtime.close({ deadlineMs: 200 });
    expect(runtime.sinks()).toEqual([]);
  });

  it("never puts a password given in the server URL into its errors or logs", async () => {
    const port = await freePort();
    const logged: string[] = [];
    const log = (_obj: object, msg: string) => logged.push(`${JSON.stringify(_obj)} ${msg}`);
    const logger = { debug: log, info: log, warn: log, error: log };
    const runtime = new SinkRuntime({ logger });
    await runtime.addSink(
      "bridge",
      sink,
      { server: `mqtt://bridge:hunter2-secret@127.0.0.1:${port}`, connectTimeoutMs: 500 },
      fastRetry,
    );
    await vi.waitFor(
      () => expect(runtime.sinkStats("bridge").lastError !== undefined, "the first open failure").toBe(true),
      { timeout: 10_000 },
    );
    const message = runtime.sinkStats("bridge").lastError?.message ?? "";
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toContain("hunter2-secret");
    expect(logged.join("\n")).not.toContain("hunter2-secret");
    await runtime.close({ deadlineMs: 200 });
  });
});

describe.skipIf(!hasOpenssl)(overTls, () => {
  it("refuses an untrusted certificate with a clear error, and connects once the CA is given", async () => {
    const dir = await tempDir("exhook-sink-mqtt-tls-");
    const tls = await selfSigned(dir.path);
    const broker = await startAedes(tls);
    const runtime = new SinkRuntime();
    try {
      await runtime.addSink("untrusting", sink, { server: broker.url }, fastRetry);
      const stats = runtime.sinkStats("untrusting");
      expect(stats.status).toBe("disconnected");
      expect(stats.lastError?.message).toMatch(/self[- ]signed certificate/);
      const sub = await subscriber(broker.url, "exhook/#", { ca: tls.cert });
      await runtime.addSink("trusting", sink, { server: broker.url, ca: tls.certPath });
      runtime.addRoute({ hooks: ["message.publish"], sinks: ["trusting", "untrusting"] });
      runtime.publish("message.publish", publishEvent("over tls"), info());
      await sub.waitFor(1);
      expect((JSON.parse(sub.received[0]!.payload) as EventRecord).payload).toBe("over tls");
      await sub.client.endAsync();
    } finally {
      await runtime.close({ deadlineMs: 200 });
      await broker.close();
      await dir.remove();
    }
  });
});

describe.skipIf(!hasMosquitto)(onMosquitto, () => {
  it("waits out a broker restart: everything within the queue bound arrives, in order; the rest is counted", async () => {
    const dir = await tempDir("exhook-sink-mqtt-mosquitto-");
    const broker = await startMosquitto(dir.path);
    // A persistent session, so messages published before the subscriber is back are queued for it.
    const sub = await subscriber(broker.url, "exhook/#", {
      clientId: "exhook-test-sub",
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 300 },
    });
    const runtime = new SinkRuntime();
    try {
      await runtime.addSink(
        "bridge",
        sink,
        { server: broker.url, qos: 1, protocolVersion: 5, reconnectPeriodMs: 100, connectTimeoutMs: 1000 },
        { maxQueue: 100, overflow: "drop-oldest", batchSize: 20, ...fastRetry },
      );
      runtime.addRoute({ hooks: ["message.publish"], sinks: ["bridge"] });
      publishRange(runtime, 0, 50);
      await sub.waitFor(50);
      expect(sub.received[0]?.userProperties).toEqual({ hook: "message.publish", node: meta.node });

      await vi.waitFor(
        () => expect(runtime.sinkStats("bridge").recordsOut === 50, "the first 50 acknowledged").toBe(true),
        { timeout: 10_000 },
      );
      await broker.stop();
      await vi.waitFor(
        () =>
          expect(runtime.sinkStats("bridge").status !== "connected", "the sink to see the broker go").toBe(
            true,
          ),
        { timeout: 10_000 },
      );
      const before = runtime.sinkStats("bridge").recordsIn;
      publishRange(runtime, 50, 400);
      // publish() is synchronous: all 350 were taken (queued or counted) before anything could wait.
      const during = runtime.sinkStats("bridge");
      expect(during.recordsIn - before).toBe(350);
      expect(during.dropped.queue_full).toBeGreaterThan(0);

      await broker.start();
      const dropped = during.dropped.queue_full;
      await vi.waitFor(
        () => expect(runtime.sinkStats("bridge").recordsOut === 400 - dropped, "all acknowledged").toBe(true),
        { timeout: 15_000 },
      );
      await vi.waitFor(
        () =>
          expect(
            sub.received.some((m) => m.payload.includes('"payload":"399"')),
            "the last record",
          ).toBe(true),
        { timeout: 10_000 },
      );
      // QoS 1 is at least once: after its restart the broker may redeliver to the persistent subscriber what
      // it got just before the stop. Those aside, every record arrives once, in order.
      const seen = new Set<number>();
      const seq: number[] = [];
      for (const m of sub.received) {
        const n = Number((JSON.parse(m.payload) as EventRecord).payload);
        if (seen.has(n)) {
          expect(n).toBeLessThan(50);
          continue;
        }
        seen.add(n);
        seq.push(n);
      }
      expect(seq.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(seq).toHaveLength(400 - dropped);
      for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeGreaterThan(seq[i - 1]!);
      // drop-oldest: the newest records always survive.
      expect(seq.at(-1)).toBe(399);
      const final = runtime.sinkStats("bridge");
      expect(final.dropped).toEqual({ queue_full: dropped, fatal: 0, disabled: 0, shutdown: 0, expired: 0 });
      expect(final.recordsFailed).toBeGreaterThan(0);
      expect(final.lastDisconnectedAt).not.toBeNull();
    } finally {
      await runtime.close({ deadlineMs: 500 });
      await sub.client.endAsync(true);
      await broker.close();
      await dir.remove();
    }
  });
});

describe.skipIf(!hasMosquitto)(`${onMosquitto}: reconnecting`, () => {
  it("reconnects as soon as the broker is back, long before the backoff's next attempt", async () => {
    const dir = await tempDir("exhook-sink-mqtt-reconnect-");
    const broker = await startMosquitto(dir.path);
    const sub = await subscriber(broker.url, "exhook/#", {
      clientId: "exhook-reconnect-sub",
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 300 },
    });
    const runtime = new SinkRuntime();
    try {
      // A backoff of a minute: only the probe of the broker's port can bring the sink back within the test.
      await runtime.addSink(
        "bridge",
        sink,
        { server: broker.url, qos: 1, reconnectPeriodMs: 60_000, maxReconnectPeriodMs: 120_000 },
        { maxQueue: 1000, ...fastRetry },
      );
      runtime.addRoute({ hooks: ["message.publish"], sinks: ["bridge"] });
      publishRange(runtime, 0, 10);
      await vi.waitFor(
        () => expect(runtime.sinkStats("bridge").recordsOut === 10, "the first 10 acknowledged").toBe(true),
        { timeout: 10_000 },
      );

      await broker.stop();
      // The lost connection is tried again at once; that attempt is refused, and the next waits a minute.
      await vi.waitFor(
        () =>
          expect(
            runtime.sinkStats("bridge").lastError?.message.includes("ECONNREFUSED") === true,
            "a refused reconnect",
          ).toBe(true),
        { timeout: 10_000 },
      );
      publishRange(runtime, 10, 20);
      expect(runtime.sinkStats("bridge").status).not.toBe("connected");

      await broker.start();
      await vi.waitFor(
        () => expect(runtime.sinkStats("bridge").recordsOut === 20, "all 20 acknowledged").toBe(true),
        { timeout: 30_000 },
      );
      expect(runtime.sinkStats("bridge")).toMatchObject({ status: "connected", dropped: { queue_full: 0 } });
      await sub.waitFor(20);
    } finally {
      await runtime.close({ deadlineMs: 500 });
      await sub.client.endAsync(true);
      await broker.close();
      await dir.remove();
    }
  }, 60_000);
});

describe("@exhook/sink-mqtt definition", () => {
  it("has the shape every sink package exports", () => {
    expect(sink.type).toBe("mqtt");
    expect(describeProps(sink.props)).toMatchObject({
      required: ["server"],
      properties: { password: { secret: true }, key: { secret: true } },
    });
  });
});
