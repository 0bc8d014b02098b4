// The README's "Publish to RabbitMQ" recipe, run as written: the real server with recipes/rabbitmq.json
// against the machine's RabbitMQ, only the exchange, the queue and the data dir given per run through the
// variables the file names. A published message lands in the queue the sink declared and bound.
import { fileURLToPath } from "node:url";
import { createFakeBroker } from "@exhook/testkit";
import { connect, type GetMessage } from "amqplib";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  processDeadlineMs,
  type ServerProcess,
  startServerProcess,
  tempDir,
} from "./test-support/server-process.js";

const recipe = fileURLToPath(new URL("../recipes/rabbitmq.json", import.meta.url));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe("recipe: publish to RabbitMQ", () => {
  it("puts a published message in the queue it declares, with its routing key and message-id", {
    timeout: processDeadlineMs + 30_000,
  }, async () => {
    const id = Math.random().toString(36).slice(2, 10);
    const exchange = `exhook-recipe-${id}`;
    const queue = `exhook-recipe-${id}`;
    const model = await connect("amqp://guest:guest@127.0.0.1:5672");
    cleanups.push(() => model.close());
    const channel = await model.createChannel();
    cleanups.push(() => channel.deleteExchange(exchange));
    cleanups.push(() => channel.deleteQueue(queue));

    const server: ServerProcess = await startServerProcess({
      args: ["--config", recipe],
      env: { RABBITMQ_EXCHANGE: exchange, RABBITMQ_QUEUE: queue, EXHOOK_DATA_DIR: tempDir() },
    });
    cleanups.push(() => server.stop());
    const broker = createFakeBroker({ url: server.url, version: "v3" });
    cleanups.push(async () => broker.close());
    await broker.load();
    const client = broker.client({ clientid: "dev1", username: "dev1" });
    await client.connect();
    expect((await client.publish("sensors/dev1/temp", "21.5", { qos: 1 })).allowed).toBe(true);

    const got: GetMessage[] = [];
    await vi.waitFor(
      async () => {
        for (;;) {
          const m = await channel.get(queue, { noAck: true });
          if (m === false) break;
          got.push(m);
        }
        expect(got.map((m) => m.fields.routingKey)).toContain("message.publish.dev1");
      },
      { timeout: 30_000, interval: 100 },
    );
    const published = got.find((m) => m.fields.routingKey === "message.publish.dev1")!;
    expect(JSON.parse(published.content.toString())).toMatchObject({
      hook: "message.publish",
      clientid: "dev1",
      topic: "sensors/dev1/temp",
      payload: "21.5",
    });
    expect(published.fields.exchange).toBe(exchange);
    expect(published.properties).toMatchObject({ deliveryMode: 2, contentType: "application/json" });
    expect(published.properties.messageId).toMatch(/^[\w-]{22}$/);
    expect(got.map((m) => m.fields.routingKey)).toContain("client.connected.dev1");
  });
});
