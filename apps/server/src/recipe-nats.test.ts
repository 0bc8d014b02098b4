// The README's "Fan out to NATS JetStream" recipe, run as written: the real server with
// recipes/nats-jetstream.json against the machine's NATS, only the stream, the subject prefix and the data dir
// given per run through the variables the file names. A published message lands in the stream it created.
import { fileURLToPath } from "node:url";
import { createFakeBroker } from "@exhook/testkit";
import { jetstreamManager, type StoredMsg } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  processDeadlineMs,
  type ServerProcess,
  startServerProcess,
  tempDir,
} from "./test-support/server-process.js";

const recipe = fileURLToPath(new URL("../recipes/nats-jetstream.json", import.meta.url));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe("recipe: fan out to NATS JetStream", () => {
  it("stores a published message in the stream it creates", {
    timeout: processDeadlineMs + 30_000,
  }, async () => {
    const id = Math.random().toString(36).slice(2, 10);
    const stream = `EXHOOK_RECIPE_${id}`;
    const prefix = `recipe${id}`;
    const nc = await connect({ servers: "nats://127.0.0.1:4222" });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    cleanups.push(() => jsm.streams.delete(stream));

    const server: ServerProcess = await startServerProcess({
      args: ["--config", recipe],
      env: { NATS_STREAM: stream, NATS_SUBJECT_PREFIX: prefix, EXHOOK_DATA_DIR: tempDir() },
    });
    cleanups.push(() => server.stop());
    const broker = createFakeBroker({ url: server.url, version: "v3" });
    cleanups.push(async () => broker.close());
    await broker.load();
    const client = broker.client({ clientid: "dev1", username: "dev1" });
    await client.connect();
    expect((await client.publish("sensors/dev1/temp", "21.5", { qos: 1 })).allowed).toBe(true);

    let stored: StoredMsg[] = [];
    await vi.waitFor(
      async () => {
        const info = await jsm.streams.info(stream);
        expect(info.config.subjects).toEqual([`${prefix}.>`]);
        stored = [];
        for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
          const m = await jsm.streams.getMessage(stream, { seq });
          if (m !== null) stored.push(m);
        }
        expect(stored.map((m) => m.subject)).toContain(`${prefix}.message.publish.dev1`);
      },
      { timeout: 30_000, interval: 100 },
    );
    const published = stored.find((m) => m.subject === `${prefix}.message.publish.dev1`)!;
    expect(published.json()).toMatchObject({
      hook: "message.publish",
      clientid: "dev1",
      topic: "sensors/dev1/temp",
      payload: "21.5",
    });
    expect(published.header?.get("Nats-Msg-Id")).toMatch(/^message\.publish:dev1:[0-9A-F]{32}$/);
    expect(stored.map((m) => m.subject)).toContain(`${prefix}.client.connected.dev1`);
  });
});
