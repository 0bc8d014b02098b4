// The sink conformance suite against the machine's RabbitMQ: one queue of its own on the default exchange (the
// config the issue names: exchange "", a routing key, a queue), reached through a TCP proxy that the restart
// case cuts and restores, so that the shared broker is never stopped. A second RabbitMQ node took 111 s to
// start on this machine; cutting the proxy drops the sink's connection and refuses new ones, as a stopped
// broker does, and the durable queue keeps what was confirmed.
//
// No `poison` case: the suite's poison record is one whose clientid ends in `#`, and nothing about `#` is
// special to RabbitMQ. The record RabbitMQ rejects for good, an unroutable one, is tested in
// rabbitmq-sink.test.ts, where the routing decides by clientid.
import { sinkConformance } from "@exhook/testkit/sink";
import { afterAll, beforeAll, describe } from "vitest";
import { sink } from "./rabbitmq-sink.js";
import {
  type CutProxy,
  freePort,
  hasRabbit,
  type Reader,
  reader,
  startProxy,
  uniqueName,
} from "./test-support/rabbit.js";

const queue = uniqueName("exhook-conformance");
let proxy: CutProxy | undefined;
let consumer: Reader | undefined;
let closedPort = 0;

beforeAll(async () => {
  if (!hasRabbit) return;
  proxy = await startProxy();
  consumer = await reader(queue);
  closedPort = await freePort();
});

afterAll(async () => {
  await consumer?.close();
  await proxy?.close();
});

describe.skipIf(!hasRabbit)("rabbitmq", () => {
  sinkConformance({
    definition: sink,
    target: {
      props: () => ({ url: proxy!.url, exchange: "", routingKey: queue, queue, heartbeat: 5 }),
      arrived: async (clientid) => consumer!.records(clientid),
    },
    away: () => ({ url: `amqp://guest:guest@127.0.0.1:${closedPort}`, queue, connectTimeoutMs: 1000 }),
    // A password the broker refuses: a refusal is fatal, retrying gets the same answer.
    broken: () => ({ url: "amqp://guest:not-the-password@127.0.0.1:5672", queue }),
    restart: { stop: () => proxy!.cut(), start: () => proxy!.restore() },
  });
});
