// The sink conformance suite against the MQTT sink's real target: a private mosquitto on a free port (it is
// stopped and started for the restart case), read by a persistent-session subscriber.
import type { EventRecord } from "@exhook/core/sink";
import { sinkConformance } from "@exhook/testkit/sink";
import { afterAll, beforeAll, describe } from "vitest";
import { sink } from "./mqtt-sink.js";
import {
  freePort,
  hasMosquitto,
  type Mosquitto,
  startMosquitto,
  subscriber,
  tempDir,
} from "./test-support/brokers.js";

let broker: Mosquitto | undefined;
let closedPort = 0;
let dir: { path: string; remove: () => Promise<void> } | undefined;
let reader: Awaited<ReturnType<typeof subscriber>> | undefined;

beforeAll(async () => {
  if (!hasMosquitto) return;
  dir = await tempDir("exhook-mqtt-conformance-");
  broker = await startMosquitto(dir.path);
  closedPort = await freePort();
  // A persistent session (clean: false, QoS 1): what the sink publishes while the subscriber reconnects after
  // a restart is kept for it by the broker, so the reader sees all that arrived.
  reader = await subscriber(broker.url, "exhook/#", { clientId: "conformance-reader", clean: false });
});

afterAll(async () => {
  await reader?.client.endAsync(true);
  await broker?.close();
  await dir?.remove();
});

describe.skipIf(!hasMosquitto)("mqtt", () => {
  sinkConformance({
    definition: sink,
    target: {
      props: () => ({ server: broker!.url, qos: 1 }),
      arrived: async (clientid) =>
        reader!.received
          .filter((m) => m.topic === `exhook/message.publish/${clientid}`)
          .map((m) => JSON.parse(m.payload) as EventRecord),
    },
    // The default topic is exhook/${hook}/${clientid}: a clientid ending in # makes it a wildcard.
    poison: () => ({ server: broker!.url, qos: 1 }),
    away: () => ({ server: `mqtt://127.0.0.1:${closedPort}`, connectTimeoutMs: 1000 }),
    restart: { stop: () => broker!.stop(), start: () => broker!.start() },
  });
});
