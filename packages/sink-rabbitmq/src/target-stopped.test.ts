// End to end with `buffer: disk`: a fake EMQX (the testkit) publishes through an exhook server whose publish
// hook goes to RabbitMQ; mid-stream the broker goes away (the TCP proxy the sink connects through is cut: its
// connection drops and new ones are refused), the hook calls keep being answered, the broker comes back, and
// every event arrives: at least once, so counted by distinct message-id.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createExhook, silentLogger } from "@exhook/core";
import type { EventRecord } from "@exhook/core/sink";
import { createFakeBroker } from "@exhook/testkit";
import { describe, expect, it, vi } from "vitest";
import { sink } from "./rabbitmq-sink.js";
import { hasRabbit, reader, startProxy, uniqueName } from "./test-support/rabbit.js";

describe.skipIf(!hasRabbit)(
  "a publish hook sent to RabbitMQ with buffer: disk, while the broker goes away",
  () => {
    it("answers every hook call meanwhile, and delivers every event once the broker is back", async () => {
      const dir = await mkdtemp(join(tmpdir(), "exhook-rabbit-disk-"));
      const proxy = await startProxy();
      const queue = uniqueName("exhook-disk");
      const consumer = await reader(queue);
      const app = createExhook({ logger: silentLogger });
      await app.sink(
        "events",
        sink,
        { url: proxy.url, exchange: "", routingKey: queue, queue, heartbeat: 5 },
        {
          buffer: "disk",
          bufferDir: join(dir, "buffer"),
          batchSize: 10,
          lingerMs: 5,
          retry: { initialMs: 20, maxMs: 200 },
        },
      );
      app.route({ hooks: ["message.publish"], sinks: ["events"] });
      const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
      const broker = createFakeBroker({ url, version: "v3" });
      const stats = () => app.sinks!.sinkStats("events");
      try {
        await broker.load();
        const client = broker.client({ clientid: "dev1", username: "dev1" });
        await client.connect();
        const send = async (from: number, to: number) => {
          for (let i = from; i < to; i++) {
            expect((await client.publish("t/1", String(i), { qos: 1 })).allowed).toBe(true);
          }
        };
        await send(0, 40);
        await consumer.waitFor(40);

        await proxy.cut();
        await vi.waitFor(
          () => expect(stats().status, "the sink to see the broker go").not.toBe("connected"),
          {
            timeout: 15_000,
          },
        );
        await send(40, 160); // answered while nothing can be delivered: they wait on disk
        expect(broker.failures).toEqual([]);
        expect(stats().bufferBytes).toBeGreaterThan(0);

        await proxy.restore();
        const ids = () => new Set(consumer.received.map((m) => m.messageId));
        await vi.waitFor(() => expect(ids().size).toBe(160), { timeout: 30_000, interval: 50 });
        const payloads = new Set(consumer.received.map((m) => (JSON.parse(m.body) as EventRecord).payload));
        expect(payloads).toEqual(new Set(Array.from({ length: 160 }, (_, i) => String(i))));
        await vi.waitFor(() => expect(stats().recordsOut).toBe(160), { timeout: 15_000 });
        expect(Object.values(stats().dropped).reduce((a, b) => a + b, 0)).toBe(0);
      } finally {
        broker.close();
        await app.close({ deadlineMs: 1000 });
        await consumer.close();
        await proxy.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
