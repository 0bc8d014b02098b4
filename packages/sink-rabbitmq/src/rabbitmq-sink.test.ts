// The RabbitMQ sink's own behaviour against the machine's RabbitMQ: message properties, templates, declared
// exchanges and bound queues, unroutable records, nacks, TLS, and credentials kept out of every error.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HookEvents } from "@exhook/core";
import {
  describeProps,
  type EventRecord,
  parseSinkProps,
  type SinkOptions,
  SinkRuntime,
} from "@exhook/core/sink";
import { hasOpenssl, writeTestCerts } from "@exhook/test-certs";
import { connect } from "amqplib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordId } from "./message.js";
import { shownUrl } from "./props.js";
import { sink } from "./rabbitmq-sink.js";
import { freePort, hasRabbit, rabbitUrl, reader, startProxy, uniqueName } from "./test-support/rabbit.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };
const wait = { timeout: 15_000, interval: 20 };

function publishEvent(clientid: string, n: number): HookEvents["message.publish"] {
  return {
    message: {
      node: "emqx@127.0.0.1",
      id: `0005F8F9A1B2${n.toString(16).padStart(4, "0")}`,
      qos: 1,
      from: clientid,
      topic: `t/${clientid}`,
      payload: new TextEncoder().encode(String(n)),
      timestamp: 1_700_000_000_000n + BigInt(n),
      headers: { username: "u", peerhost: "127.0.0.1", protocol: "mqtt" },
    },
    props: [],
    userProps: [],
  };
}

/** A runtime with the sink under `props`, routed for message.publish; `publish(clientid, n)` sends one event. */
async function runtimeWith(props: unknown, options: SinkOptions = {}) {
  const runtime = new SinkRuntime();
  await runtime.addSink("sut", sink, props, { retry: { initialMs: 20, maxMs: 200 }, ...options });
  runtime.addRoute({ hooks: ["message.publish"], sinks: ["sut"] });
  const publish = (clientid: string, from: number, to = from + 1) => {
    for (let n = from; n < to; n++) {
      runtime.publish("message.publish", publishEvent(clientid, n), {
        version: "v2",
        meta,
        time: Date.now(),
      });
    }
  };
  const stats = () => runtime.sinkStats("sut");
  return { runtime, publish, stats };
}

describe("props", () => {
  const parse = (props: unknown) => () => parseSinkProps(sink, props);

  it("needs an amqp:// or amqps:// URL, and a routing key or queue on the default exchange", () => {
    expect(parse({ url: "http://x" })).toThrow(/url.*amqp/s);
    expect(parse({ url: "amqp://h" })).toThrow(expect.objectContaining({ property: "routingKey" }));
    expect(parseSinkProps(sink, { url: "amqp://h", queue: "q" })).toMatchObject({ exchange: "", queue: "q" });
    expect(parse({ url: "amqp://h", routingKey: "${nope" })).toThrow(/routingKey/);
    expect(parse({ url: "amqp://h", exchange: "", declare: true, queue: "q" })).toThrow(
      expect.objectContaining({ property: "declare" }),
    );
    expect(parse({ url: "amqp://h", queue: "q".repeat(256) })).toThrow(/255 bytes/);
  });

  it("takes TLS options only with amqps://, and a client certificate with its key", () => {
    expect(parse({ url: "amqp://h", queue: "q", ca: "x" })).toThrow(
      expect.objectContaining({ property: "url" }),
    );
    expect(parse({ url: "amqps://h", queue: "q", cert: "x" })).toThrow(
      expect.objectContaining({ property: "key" }),
    );
    expect(parseSinkProps(sink, { url: "amqps://h", queue: "q", heartbeat: "10" })).toMatchObject({
      heartbeat: 10,
      rejectUnauthorized: true,
    });
  });

  it("describes the key as a secret, and shows URLs with the password masked", () => {
    const schema = describeProps(sink.props) as { properties: Record<string, { secret?: boolean }> };
    expect(schema.properties["key"]?.secret).toBe(true);
    expect(shownUrl("amqp://guest:s3cret@h:5672/v")).toBe("amqp://guest:***@h:5672/v");
    expect(shownUrl("amqp://h:5672")).toBe("amqp://h:5672");
  });
});

describe.skipIf(!hasRabbit)("publishing to RabbitMQ", () => {
  it("sends persistent JSON messages with a stable message-id and hook/clientid headers", async () => {
    const queue = uniqueName("exhook-props");
    const consumer = await reader(queue);
    const t = await runtimeWith({ url: rabbitUrl, exchange: "", routingKey: queue, queue }, { batchSize: 5 });
    try {
      t.publish("dev-1", 0, 5);
      await consumer.waitFor(5);
      await vi.waitFor(() => expect(t.stats().recordsOut).toBe(5), wait);
      for (const m of consumer.received) {
        const record = JSON.parse(m.body) as EventRecord;
        expect(m).toMatchObject({
          deliveryMode: 2,
          contentType: "application/json",
          messageId: recordId(m.body),
          headers: { hook: "message.publish", clientid: "dev-1", node: "emqx@127.0.0.1" },
          exchange: "",
          routingKey: queue,
        });
        expect(record.clientid).toBe("dev-1");
      }
      expect(consumer.received.map((m) => JSON.parse(m.body).payload)).toEqual(["0", "1", "2", "3", "4"]);
      expect(new Set(consumer.received.map((m) => m.messageId)).size).toBe(5);
    } finally {
      await t.runtime.close();
      await consumer.close();
    }
  });

  it("declares a topic exchange and a queue bound to it, and renders routing keys and payloads per record", async () => {
    const exchange = uniqueName("exhook-x");
    const queue = uniqueName("exhook-bound");
    const t = await runtimeWith({
      url: rabbitUrl,
      exchange,
      exchangeType: "topic",
      declare: true,
      routingKey: "${hook}.${clientid}",
      queue,
      bindingKey: "message.publish.dev-2",
      payload: "${clientid}:${payload}",
      persistent: false,
      mandatory: false,
    });
    // The queue and binding exist once the sink is open: a reader can attach now.
    const consumer = await reader(queue);
    try {
      t.publish("dev-2", 0, 2);
      t.publish("dev-3", 0); // no binding for dev-3: dropped by RabbitMQ (mandatory: false), counted delivered
      t.publish("dev-2", 2);
      await vi.waitFor(() => expect(t.stats().recordsOut).toBe(4), wait);
      await consumer.waitFor(3);
      expect(consumer.received.map((m) => m.body)).toEqual(["dev-2:0", "dev-2:1", "dev-2:2"]);
      expect(consumer.received[0]).toMatchObject({
        exchange,
        routingKey: "message.publish.dev-2",
        deliveryMode: 1,
        contentType: undefined,
      });
      expect(t.stats().dropped.fatal ?? 0).toBe(0);
    } finally {
      await t.runtime.close();
      await consumer.close({ exchanges: [exchange] });
    }
  });

  it("drops an unroutable record as fatal, alone, and delivers the rest of its batch once and in order", async () => {
    const queue = uniqueName("exhook-unroutable");
    const consumer = await reader(queue);
    // The default exchange routes by queue name: a record of any other clientid goes nowhere and comes back.
    const t = await runtimeWith(
      { url: rabbitUrl, exchange: "", routingKey: "${clientid}", queue },
      { batchSize: 6, lingerMs: 100 },
    );
    try {
      t.publish(queue, 0, 2);
      t.publish("nobody-here", 2);
      t.publish(queue, 3, 6);
      await vi.waitFor(() => expect(t.stats().dropped.fatal).toBe(1), wait);
      await vi.waitFor(() => expect(t.stats().recordsOut).toBe(5), wait);
      await consumer.waitFor(5);
      // The records after the returned one were confirmed in the first call: they are not sent twice.
      await new Promise((r) => setTimeout(r, 200));
      expect(consumer.received.map((m) => JSON.parse(m.body).payload)).toEqual(["0", "1", "3", "4", "5"]);
      expect(t.stats().lastError?.message).toMatch(/unroutable.*default exchange.*"nobody-here"/);
    } finally {
      await t.runtime.close();
      await consumer.close();
    }
  });

  it("drops a record whose templated exchange does not exist, and keeps publishing to the others", async () => {
    const exchange = uniqueName("exhook-tx");
    const queue = uniqueName("exhook-tq");
    const consumer = await reader(queue);
    const admin = await connect(rabbitUrl);
    const channel = await admin.createChannel();
    await channel.assertExchange(`${exchange}-dev-4`, "fanout", { durable: false, autoDelete: false });
    await channel.bindQueue(queue, `${exchange}-dev-4`, "");
    const t = await runtimeWith({ url: rabbitUrl, exchange: `${exchange}-\${clientid}`, routingKey: "k" });
    try {
      t.publish("dev-4", 0);
      t.publish("dev-5", 1); // exchange "<name>-dev-5" does not exist
      t.publish("dev-4", 2);
      await vi.waitFor(() => expect(t.stats().dropped.fatal).toBe(1), wait);
      await consumer.waitFor(2);
      expect(consumer.received.map((m) => JSON.parse(m.body).payload)).toEqual(["0", "2"]);
      expect(t.stats().lastError?.message).toMatch(/NOT_FOUND/);
      expect(t.stats().status).toBe("connected");
    } finally {
      await t.runtime.close();
      await channel.deleteExchange(`${exchange}-dev-4`).catch(() => {});
      await admin.close();
      await consumer.close();
    }
  });

  it("retries what the broker nacks, without publishing twice what it confirmed", async () => {
    const exchange = uniqueName("exhook-nx");
    const queue = uniqueName("exhook-full");
    const admin = await connect(rabbitUrl);
    const channel = await admin.createChannel();
    // A queue that refuses publishes beyond two messages: RabbitMQ nacks them.
    await channel.assertExchange(exchange, "fanout", { durable: false });
    await channel.assertQueue(queue, {
      durable: false,
      arguments: { "x-max-length": 2, "x-overflow": "reject-publish" },
    });
    await channel.bindQueue(queue, exchange, "");
    const t = await runtimeWith(
      { url: rabbitUrl, exchange, routingKey: "" },
      { batchSize: 4, lingerMs: 100 },
    );
    try {
      t.publish("dev-6", 0, 4);
      await vi.waitFor(() => expect(t.stats().recordsFailed).toBeGreaterThan(0), wait);
      expect(t.stats().lastError?.message).toMatch(/nack/);
      expect(t.stats().recordsOut).toBe(2);
      // Room again: the nacked two go, and the two already confirmed are not sent again.
      const got: string[] = [];
      await vi.waitFor(async () => {
        for (;;) {
          const m = await channel.get(queue, { noAck: true });
          if (m === false) break;
          got.push(JSON.parse(m.content.toString()).payload);
        }
        expect(got.length).toBeGreaterThanOrEqual(4);
      }, wait);
      await vi.waitFor(() => expect(t.stats().recordsOut).toBe(4), wait);
      await new Promise((r) => setTimeout(r, 200));
      const more = await channel.get(queue, { noAck: true });
      expect(more).toBe(false);
      expect(got.sort()).toEqual(["0", "1", "2", "3"]);
    } finally {
      await t.runtime.close();
      await channel.deleteQueue(queue).catch(() => {});
      await channel.deleteExchange(exchange).catch(() => {});
      await admin.close();
    }
  });

  it("gives up a connection whose confirms do not come in time, and sends the batch again on a new one", async () => {
    const proxy = await startProxy();
    const queue = uniqueName("exhook-noconfirm");
    const consumer = await reader(queue);
    const t = await runtimeWith({ url: proxy.url, queue, confirmTimeoutMs: 300 }, { batchSize: 5 });
    try {
      t.publish("dev-8", 0);
      await consumer.waitFor(1);
      proxy.freeze(); // the broker still gets the publishes; its confirms are held back
      t.publish("dev-8", 1, 6);
      await vi.waitFor(() => expect(t.stats().recordsOut).toBe(6), wait);
      expect(t.stats().lastError?.message).toMatch(/did not confirm a batch within 300 ms/);
      // At least once: the first try reached the queue too; the message-id tells the copies apart.
      await consumer.waitFor(6);
      expect(new Set(consumer.received.map((m) => m.messageId)).size).toBe(6);
    } finally {
      await t.runtime.close();
      await consumer.close();
      await proxy.close();
    }
  });

  it("connects again by itself after losing the broker, with no records to send", async () => {
    const proxy = await startProxy();
    const queue = uniqueName("exhook-idle");
    const consumer = await reader(queue);
    const t = await runtimeWith({ url: proxy.url, queue });
    try {
      expect(t.stats().status).toBe("connected");
      await proxy.cut();
      await vi.waitFor(() => expect(t.stats().status).toBe("disconnected"), wait);
      await proxy.restore();
      await vi.waitFor(() => expect(t.stats().status).toBe("connected"), wait);
      t.publish("dev-9", 0);
      await consumer.waitFor(1);
    } finally {
      await t.runtime.close();
      await consumer.close();
      await proxy.close();
    }
  });

  it("refuses to open with a missing fixed exchange unless asked to declare it", async () => {
    const runtime = new SinkRuntime();
    const error = await runtime
      .addSink("x", sink, { url: rabbitUrl, exchange: uniqueName("exhook-missing"), routingKey: "k" })
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(/NOT_FOUND/);
    await runtime.close();
  });

  it("never shows the password: a refused login, an unreachable broker, the sink's status", async () => {
    const secret = "p%40ss-w0rd-SECRET";
    const decoded = "p@ss-w0rd-SECRET";
    const runtime = new SinkRuntime();
    const refused = await runtime
      .addSink("refused", sink, { url: `amqp://guest:${secret}@127.0.0.1:5672`, queue: "q" })
      .catch((e: unknown) => e);
    expect(String(refused)).toMatch(/ACCESS.REFUSED/);
    expect(String(refused)).toContain("amqp://guest:***@127.0.0.1:5672");
    const closed = await freePort();
    await runtime.addSink(
      "away",
      sink,
      { url: `amqp://guest:${secret}@127.0.0.1:${closed}`, queue: "q", connectTimeoutMs: 500 },
      { retry: { initialMs: 20, maxMs: 100 } },
    );
    const stats = runtime.sinkStats("away");
    expect(stats.status).toBe("disconnected");
    const shown = [
      String(refused),
      JSON.stringify(refused),
      String((refused as Error).cause ?? ""),
      stats.lastError?.message,
      JSON.stringify(stats),
    ].join("\n");
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(decoded);
    await runtime.close({ deadlineMs: 200 });
  });
});

describe.skipIf(!hasRabbit || !hasOpenssl)("amqps://", () => {
  let dir = "";
  let certs: ReturnType<typeof writeTestCerts>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "exhook-amqps-"));
    certs = writeTestCerts(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("publishes over TLS with a client certificate, and refuses an untrusted server (retryably)", async () => {
    const proxy = await startProxy({
      key: certs.serverKey,
      cert: certs.serverCert,
      ca: certs.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const queue = uniqueName("exhook-tls");
    const consumer = await reader(queue);
    const t = await runtimeWith({
      url: proxy.url,
      queue,
      ca: join(dir, "ca.pem"),
      cert: certs.clientCert.toString(),
      key: join(dir, "client.key"),
    });
    const untrusted = new SinkRuntime();
    try {
      t.publish("dev-7", 0, 3);
      await consumer.waitFor(3);
      await untrusted.addSink("untrusted", sink, { url: proxy.url, queue, connectTimeoutMs: 1000 });
      const stats = untrusted.sinkStats("untrusted");
      expect(stats.status).toBe("disconnected");
      expect(stats.lastError?.message).toMatch(/certificate/);
    } finally {
      await untrusted.close({ deadlineMs: 200 });
      await t.runtime.close();
      await consumer.close();
      await proxy.close();
    }
  });
});
