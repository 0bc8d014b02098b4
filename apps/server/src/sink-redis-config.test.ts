// The default server takes `type: redis` from its config file (the config the Redis sink's tests use: url and
// a stream key template): props checked at load with their key paths, routed events XADDed to the stream.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createExhook, silentLogger } from "@exhook/core";
import { createClient } from "@redis/client";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "./config.js";
import { ConfigError } from "./config-error.js";
import { addConfiguredSinks, prepareSinks } from "./sinks.js";
import { tempDir } from "./test-support/server-process.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };

describe("a redis sink in the config file", () => {
  it("XADDs routed events to the stream its template names", async () => {
    const prefix = `exhook:test:server-config:${randomUUID().slice(0, 8)}:`;
    const dir = tempDir({
      "exhook.yaml": [
        "sinks:",
        "  events:",
        "    type: redis",
        "    url: redis://127.0.0.1:6379",
        `    stream: "${prefix}\${clientid}"`,
        "    maxLen: ${STREAM_MAX}",
        "    options: { batchSize: 10, lingerMs: 20 }",
        "routes:",
        "  - { hooks: message.publish, sinks: events }",
      ].join("\n"),
    });
    const { config } = await loadConfig({ file: join(dir, "exhook.yaml"), env: { STREAM_MAX: "1000" } });
    const app = createExhook({ logger: silentLogger });
    const reader = createClient({ url: "redis://127.0.0.1:6379", RESP: 2, maintNotifications: "disabled" });
    reader.on("error", () => {});
    await reader.connect();
    try {
      await addConfiguredSinks(app, config.sinks, config.routes, dir);
      for (let i = 0; i < 3; i++) {
        const message = {
          node: "emqx@127.0.0.1",
          id: `id-${i}`,
          qos: 1,
          from: "dev1",
          topic: "t/1",
          payload: new TextEncoder().encode(String(i)),
          timestamp: 1n,
          headers: {},
        };
        app.sinks.publish(
          "message.publish",
          { message, props: [], userProps: [] },
          { version: "v2", meta, time: Date.now() },
        );
      }
      const key = `${prefix}dev1`;
      await vi.waitFor(async () => expect(await reader.xLen(key)).toBe(3), { timeout: 20_000 });
      const entries = await reader.xRange(key, "-", "+");
      expect(
        (entries ?? []).map((e) => (JSON.parse(e.message["record"]!) as { payload: string }).payload),
      ).toEqual(["0", "1", "2"]);
      await reader.del(key);
    } finally {
      await app.close({ deadlineMs: 500 });
      reader.destroy();
    }
  });

  it("refuses bad props before opening anything, each at its key path", async () => {
    const dir = tempDir({ "exhook.yaml": "" });
    writeFileSync(
      join(dir, "exhook.yaml"),
      "sinks:\n  events: { type: redis, url: 'http://127.0.0.1:6379', mode: publish, maxLen: 10 }\n",
    );
    const { config } = await loadConfig({ file: join(dir, "exhook.yaml"), env: {} });
    const error = await prepareSinks(config.sinks, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { path: "sinks.events.url", reason: "must be a redis:// or rediss:// (TLS) URL" },
      { path: "sinks.events.maxLen", reason: "is for mode stream (a channel keeps nothing)" },
    ]);
  });
});
