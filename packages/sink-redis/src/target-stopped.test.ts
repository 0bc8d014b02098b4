// End to end with the disk buffer: a fake EMQX (the testkit) publishes through an exhook server whose publish
// hook goes to a private redis-server (no persistence: `--save '' --appendonly no`). The server is stopped
// mid-stream and started again, empty; the broker's calls keep being answered meanwhile, and every event
// arrives (at least once: counted by the records' distinct ids).
import { join } from "node:path";
import { createExhook, silentLogger } from "@exhook/core";
import { createFakeBroker } from "@exhook/testkit";
import { describe, expect, it, vi } from "vitest";
import { sink } from "./redis-sink.js";
import { range } from "./test-support/events.js";
import { hasRedisServer, type PrivateRedis, startRedis, tempDir, testClient } from "./test-support/redis.js";

/**
 * Reads the stream as it grows, XRANGE after the last id seen, and keeps what it read: the server forgets
 * everything when it stops. New entries after a restart get ids from the clock, past the old ones.
 */
function follow(redis: PrivateRedis, key: string) {
  const seen = new Map<string, string>(); // record id -> payload
  let entries = 0;
  let stopped = false;
  const done = (async () => {
    const client = await testClient(redis.url);
    let last = "-";
    try {
      while (!stopped) {
        try {
          const reply = (await client.sendCommand(["XRANGE", key, last === "-" ? "-" : `(${last}`, "+"])) as [
            string,
            string[],
          ][];
          for (const [streamId, flat] of reply) {
            last = streamId;
            entries++;
            const fields = new Map<string, string>();
            for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
            const record = JSON.parse(fields.get("record")!) as { payload: string };
            seen.set(fields.get("id")!, record.payload);
          }
        } catch {
          // The server is away: read again once it is back.
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      client.destroy();
    }
  })();
  return {
    seen,
    entries: () => entries,
    payloads: () => new Set(seen.values()),
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

describe.skipIf(!hasRedisServer)(
  "a publish hook to a private Redis stopped mid-stream, with buffer: disk",
  () => {
    it("answers every hook call while Redis is down, then delivers every event", async () => {
      const dir = await tempDir("exhook-redis-stopped-");
      const redis = await startRedis(dir.path);
      const reader = follow(redis, "exhook:e2e");
      const app = createExhook({ logger: silentLogger });
      await app.sink(
        "redis",
        sink,
        { url: redis.url, stream: "exhook:e2e", commandTimeoutMs: 1000 },
        {
          buffer: "disk",
          bufferDir: join(dir.path, "buffer"),
          batchSize: 20,
          lingerMs: 5,
          retry: { initialMs: 20, maxMs: 200 },
        },
      );
      app.route({ hooks: ["message.publish"], sinks: ["redis"] });
      const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
      const broker = createFakeBroker({ url, version: "v3" });
      const wait = { timeout: 20_000, interval: 20 };
      try {
        await broker.load();
        const client = broker.client({ clientid: "dev1", username: "dev1" });
        await client.connect();
        const send = async (from: number, to: number) => {
          for (let i = from; i < to; i++)
            expect((await client.publish("t/1", String(i), { qos: 1 })).allowed).toBe(true);
        };
        await send(0, 20);
        // What Redis acknowledged before the stop is read before it: the restarted server starts empty.
        await vi.waitFor(() => expect(reader.payloads().size).toBe(20), wait);

        await redis.stop();
        const stats = () => app.sinks!.sinkStats("redis");
        await send(20, 60); // answered while nothing can be delivered: the hook never waits on the sink
        expect(broker.failures).toEqual([]);
        await vi.waitFor(
          () => expect(stats().status, "the sink to see Redis go").not.toBe("connected"),
          wait,
        );
        expect(stats().bufferBytes).toBeGreaterThan(0);
        expect(reader.payloads().size).toBe(20);

        await redis.start();
        await send(60, 70);
        await vi.waitFor(() => expect(reader.payloads().size).toBe(70), wait);
        expect(reader.payloads()).toEqual(new Set(range(0, 70)));
        // Every event once by its id; an entry read twice (a batch Redis took but never answered) is allowed.
        expect(reader.seen.size).toBe(70);
        expect(reader.entries()).toBeGreaterThanOrEqual(70);
        await vi.waitFor(() => expect(stats().recordsOut).toBe(70), wait);
        expect(stats()).toMatchObject({ recordsIn: 70, status: "connected" });
        expect(Object.values(stats().dropped).reduce((a, b) => a + b, 0)).toBe(0);
      } finally {
        broker.close();
        await app.close({ deadlineMs: 500 });
        await reader.stop();
        await redis.close();
        await dir.remove();
      }
    });
  },
);
