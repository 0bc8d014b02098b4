import { createExhook, type HookEvents, silentLogger } from "@exhook/core";
import { describeProps, type EventRecord, SinkConfigError, SinkRuntime } from "@exhook/core/sink";
import { createFakeBroker } from "@exhook/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryBus, memoryBus } from "./memory-bus.js";
import { memorySinkOn, sink } from "./memory-sink.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };
const info = () => ({ version: "v2" as const, meta, time: Date.now() });

function publishEvent(text: string, from = "c1", topic = "t/1"): HookEvents["message.publish"] {
  return {
    message: {
      node: "emqx@127.0.0.1",
      id: "01",
      qos: 0,
      from,
      topic,
      payload: new TextEncoder().encode(text),
      timestamp: 1n,
      headers: {},
    },
    props: [],
    userProps: [],
  };
}

function record(hook: EventRecord["hook"], clientid: string): EventRecord {
  return { hook, time: "", node: "n", clientid, username: "", peerhost: "", version: "v2", meta };
}

async function take(iterator: AsyncIterator<EventRecord>, n: number): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  while (out.length < n) {
    const r = await iterator.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

afterEach(() => memoryBus.clear());

describe("@exhook/sink-memory", () => {
  it("publishes records from the runtime to subscribers of the shared bus, with wildcards", async () => {
    const runtime = new SinkRuntime();
    await runtime.addSink("mem", sink, { topic: "exhook/${hook}/${clientid}" });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["mem"] });
    const all = memoryBus.subscribe("exhook/#");
    const c1 = memoryBus.subscribe("exhook/+/c1");
    const none = memoryBus.subscribe("other/#");
    for (let i = 0; i < 5; i++)
      runtime.publish("message.publish", publishEvent(String(i), i % 2 ? "c2" : "c1"), info());
    expect((await take(all, 5)).map((r) => r.payload)).toEqual(["0", "1", "2", "3", "4"]);
    expect((await take(c1, 3)).map((r) => `${r.clientid}:${r.payload}`)).toEqual(["c1:0", "c1:2", "c1:4"]);
    await runtime.close();
    expect(none.received).toBe(0);
    expect(c1.received).toBe(3);
  });

  it("bounds each subscription's buffer and counts what it drops", () => {
    const bus = new MemoryBus();
    const oldest = bus.subscribe("a/#", { bufferSize: 3 });
    const newest = bus.subscribe("a/#", { bufferSize: 3, overflow: "drop-newest" });
    for (let i = 0; i < 10; i++) bus.publish("a/b", record("client.connected", String(i)));
    expect([oldest.dropped, oldest.buffered, newest.dropped, oldest.received]).toEqual([7, 3, 7, 10]);
    return Promise.all([
      take(oldest, 3).then((rs) => expect(rs.map((r) => r.clientid)).toEqual(["7", "8", "9"])),
      take(newest, 3).then((rs) => expect(rs.map((r) => r.clientid)).toEqual(["0", "1", "2"])),
    ]);
  });

  it("hands records to a callback, and to a waiting reader without buffering", async () => {
    const bus = new MemoryBus();
    const seen: string[] = [];
    bus.subscribe(["x/+", "y/#"], {
      onRecord: (r, topic) => {
        seen.push(`${topic}=${r.clientid}`);
        if (r.clientid === "boom") throw new Error("listener bug");
      },
    });
    const waiting = bus.subscribe("x/1");
    const next = waiting.next();
    expect(bus.publish("x/1", record("client.connected", "a"))).toBe(2);
    bus.publish("y/2/3", record("client.connected", "b"));
    bus.publish("x/1/deeper", record("client.connected", "nobody"));
    bus.publish("y", record("client.connected", "boom"));
    expect(seen).toEqual(["x/1=a", "y/2/3=b", "y=boom"]);
    expect((await next).value?.clientid).toBe("a");
    expect(waiting.buffered).toBe(0);
  });

  it("ends the iteration when a subscription closes, and unsubscribes on break", async () => {
    const bus = new MemoryBus();
    const sub = bus.subscribe("t");
    bus.publish("t", record("client.connected", "1"));
    const pending = (async () => {
      const got: string[] = [];
      for await (const r of sub) got.push(r.clientid);
      return got;
    })();
    await new Promise((r) => setImmediate(r));
    sub.close();
    expect(await pending).toEqual(["1"]);
    expect(bus.size).toBe(0);
    const other = bus.subscribe("t");
    bus.publish("t", record("client.connected", "2"));
    for await (const r of other) {
      expect(r.clientid).toBe("2");
      break;
    }
    expect(other.closed).toBe(true);
    expect(bus.size).toBe(0);
  });

  it("rejects invalid filters without leaving half a subscription", () => {
    const bus = new MemoryBus();
    expect(() => bus.subscribe(["ok/#", "bad/#/x"])).toThrow(/'#' must be/);
    expect(bus.size).toBe(0);
    expect(bus.publish("ok/1", record("client.connected", "z"))).toBe(0);
  });

  it("drops, as fatal, a record whose rendered topic is not a valid topic", async () => {
    const bus = new MemoryBus();
    const runtime = new SinkRuntime();
    await runtime.addSink("mem", memorySinkOn(bus), { topic: "e/${clientid}" });
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["mem"] });
    const sub = bus.subscribe("e/+");
    runtime.publish("message.publish", publishEvent("1", "a#"), info());
    runtime.publish("message.publish", publishEvent("2", "ok"), info());
    expect((await take(sub, 1))[0]?.clientid).toBe("ok");
    expect(runtime.sinkStats("mem").dropped.fatal).toBe(1);
    await runtime.close();
  });

  it("names a bad property", async () => {
    const runtime = new SinkRuntime();
    const error = await runtime.addSink("mem", sink, { topic: "e/${clientid" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkConfigError);
    expect(error).toMatchObject({ property: "topic", sink: "mem" });
    expect(describeProps(sink.props)).toMatchObject({
      properties: { topic: { type: "string", default: "exhook/${hook}" } },
    });
    await runtime.close();
  });
});

describe("@exhook/sink-memory behind a real gRPC server", () => {
  it("hands subscribers records of the documented shape: no protobuf internals, nested fields only", async () => {
    const app = createExhook({ logger: silentLogger });
    await app.sink("tap", sink, { topic: "shape/${version}/${hook}" });
    const hooks = ["client.connected", "client.subscribe", "session.subscribed", "message.publish"] as const;
    app.route({ hooks: [...hooks], sinks: ["tap"] });
    const received: EventRecord[] = [];
    memoryBus.subscribe("shape/#", { onRecord: (r) => received.push(r) });
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
      await vi.waitFor(() => expect(received).toHaveLength(hooks.length * brokers.length), {
        timeout: 10_000,
      });
      for (const record of received) {
        expect(JSON.stringify(record)).not.toMatch(/\$typeName|"share"/);
        expect(Object.keys(record.meta).sort()).toEqual(["clusterName", "node", "sysdescr", "version"]);
        if (record.subopts !== undefined)
          expect(Object.keys(record.subopts).sort()).toEqual(["nl", "qos", "rap", "rh"]);
        for (const f of record.topicFilters ?? [])
          expect(Object.keys(f).sort()).toEqual(["nl", "qos", "rap", "rh", "topic"]);
      }
    } finally {
      for (const broker of brokers) broker.close();
      await app.close({ deadlineMs: 500 });
    }
  });
});
