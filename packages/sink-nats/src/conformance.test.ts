// The sink conformance suite against a private nats-server with JetStream on a free port (stopped and started
// with the same store dir for the restart case; a closed port for the retryable open). The records are read
// back from the stream the sink created.
import type { EventRecord } from "@exhook/core/sink";
import { sinkConformance } from "@exhook/testkit/sink";
import { afterAll, beforeAll, describe } from "vitest";
import { sink } from "./nats-sink.js";
import {
  freePort,
  hasNatsServer,
  type PrivateNats,
  startNats,
  streamReader,
  tempDir,
} from "./test-support/nats-server.js";

const stream = "CONFORMANCE";
let nats: PrivateNats | undefined;
let closedPort = 0;
let dir: { path: string; remove: () => Promise<void> } | undefined;
let reader: Awaited<ReturnType<typeof streamReader>> | undefined;

beforeAll(async () => {
  if (!hasNatsServer) return;
  dir = await tempDir("exhook-nats-conformance-");
  nats = await startNats(dir.path);
  closedPort = await freePort();
  reader = await streamReader(nats.url, stream);
});

afterAll(async () => {
  await reader?.close();
  await nats?.stop();
  await dir?.remove();
});

describe.skipIf(!hasNatsServer)("nats", () => {
  sinkConformance({
    definition: sink,
    target: {
      props: () => ({
        servers: nats!.url,
        subject: "conformance.${clientid}",
        stream,
        createStream: true,
        reconnectWaitMs: 100,
      }),
      arrived: async (clientid) =>
        (await reader!.read())
          .filter((m) => m.subject === `conformance.${clientid}`)
          .map((m) => JSON.parse(m.data) as EventRecord),
    },
    // No `poison`: NATS takes any subject a clientid ending in # can make. A record the server refuses for
    // good is tested in nats-sink.test.ts (a wildcard subject, a subject no stream takes).
    away: () => ({ servers: `nats://127.0.0.1:${closedPort}`, connectTimeoutMs: 1000 }),
    restart: { stop: () => nats!.stop(), start: () => nats!.start() },
  });
});
