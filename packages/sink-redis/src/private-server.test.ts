// The Redis sink against private redis-servers: one that hangs (SIGSTOP) mid-stream, and one over TLS.
import { SinkRuntime } from "@exhook/core/sink";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sink } from "./redis-sink.js";
import { publishRange, range } from "./test-support/events.js";
import {
  hasOpenssl,
  hasRedisServer,
  selfSigned,
  startRedis,
  streamRecords,
  tempDir,
  testClient,
} from "./test-support/redis.js";

const wait = { timeout: 15_000, interval: 20 };
const fastRetry = { retry: { initialMs: 20, maxMs: 200 } };
const runtimes: SinkRuntime[] = [];

function runtime(): SinkRuntime {
  const r = new SinkRuntime();
  runtimes.push(r);
  return r;
}

afterAll(async () => {
  for (const r of runtimes) await r.close({ deadlineMs: 500 });
});

async function delivered(r: SinkRuntime, n: number): Promise<void> {
  await vi.waitFor(() => expect(r.sinkStats("redis").recordsOut).toBe(n), wait);
}

describe.skipIf(!hasRedisServer)("@exhook/sink-redis on a private redis-server", () => {
  it("retries a batch Redis does not answer in time (the server hangs), then delivers it", async () => {
    const dir = await tempDir("exhook-redis-hang-");
    const redis = await startRedis(dir.path);
    const reader = await testClient(redis.url);
    const r = runtime();
    try {
      await r.addSink(
        "redis",
        sink,
        { url: redis.url, stream: "s", commandTimeoutMs: 300 },
        {
          ...fastRetry,
          batchSize: 10,
        },
      );
      r.addRoute({ hooks: ["message.publish"], sinks: ["redis"] });
      publishRange(r, 0, 5);
      await delivered(r, 5);
      redis.pause();
      publishRange(r, 5, 10);
      await vi.waitFor(
        () => expect(r.sinkStats("redis").lastError?.message).toMatch(/no answer from .* within 300 ms/),
        wait,
      );
      redis.resume();
      await delivered(r, 10);
      // A batch that timed out may still have been added when the server woke: at least once.
      const got = new Set((await streamRecords(reader, "s")).map((x) => x.payload));
      expect(got).toEqual(new Set(range(0, 10)));
    } finally {
      redis.resume();
      await r.close({ deadlineMs: 500 });
      await reader.close();
      await redis.close();
      await dir.remove();
    }
  });

  it.skipIf(!hasOpenssl)("connects over rediss:// with the CA it is given, and not without it", async () => {
    const dir = await tempDir("exhook-redis-tls-");
    const pki = await selfSigned(dir.path);
    const redis = await startRedis(dir.path, {
      tls: { cert: pki.certPath, key: pki.keyPath },
    });
    const r = runtime();
    try {
      const url = redis.url;
      await r.addSink("trusted", sink, { url, stream: "s", ca: pki.certPath });
      await r.addSink("untrusted", sink, { url, stream: "s" }, fastRetry);
      await r.addSink("unchecked", sink, { url, stream: "s", rejectUnauthorized: false });
      r.addRoute({ hooks: ["message.publish"], sinks: ["trusted", "unchecked"] });
      publishRange(r, 0, 3);
      await vi.waitFor(() => expect(r.sinkStats("trusted").recordsOut).toBe(3), wait);
      await vi.waitFor(() => expect(r.sinkStats("unchecked").recordsOut).toBe(3), wait);
      await vi.waitFor(
        () => expect(r.sinkStats("untrusted").lastError?.message).toMatch(/certificate/),
        wait,
      );
      expect(r.sinkStats("untrusted").status).not.toBe("connected");
    } finally {
      await r.close({ deadlineMs: 500 });
      await redis.close();
      await dir.remove();
    }
  });
});
