// The default server takes `type: http` from its config file: props checked at load with their key paths,
// and routed events posted to the url.
import { writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { createExhook, silentLogger } from "@exhook/core";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "./config.js";
import { ConfigError } from "./config-error.js";
import { addConfiguredSinks, prepareSinks } from "./sinks.js";
import { tempDir } from "./test-support/server-process.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };

describe("an http sink in the config file", () => {
  it("posts routed events to the url, with the configured headers", async () => {
    const got: { headers: IncomingHttpHeaders; body: unknown }[] = [];
    const webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        got.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, "127.0.0.1", r));
    const { port } = webhook.address() as { port: number };
    const dir = tempDir({
      "exhook.yaml": [
        "sinks:",
        "  webhook:",
        "    type: http",
        `    url: http://127.0.0.1:${port}/events`,
        "    headers: { Authorization: 'Bearer ${HOOK_TOKEN}' }",
        "    body: array",
        "    options: { batchSize: 10, lingerMs: 20 }",
        "routes:",
        "  - { hooks: message.publish, sinks: webhook }",
      ].join("\n"),
    });
    const { config } = await loadConfig({ file: join(dir, "exhook.yaml"), env: { HOOK_TOKEN: "tok-1" } });
    const app = createExhook({ logger: silentLogger });
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
          {
            version: "v2",
            meta,
            time: Date.now(),
          },
        );
      }
      await vi.waitFor(() => expect(got.flatMap((g) => g.body as unknown[])).toHaveLength(3), {
        timeout: 20_000,
      });
      expect(got[0]!.headers.authorization).toBe("Bearer tok-1");
      expect(got.flatMap((g) => (g.body as { payload: string }[]).map((r) => r.payload))).toEqual([
        "0",
        "1",
        "2",
      ]);
    } finally {
      await app.close({ deadlineMs: 500 });
      await new Promise((r) => webhook.close(r));
    }
  });

  it("refuses bad props before opening anything, each at its key path", async () => {
    const dir = tempDir({ "exhook.yaml": "" });
    writeFileSync(
      join(dir, "exhook.yaml"),
      "sinks:\n  webhook: { type: http, url: 'ftp://127.0.0.1/x', maxSockets: 0 }\n",
    );
    const { config } = await loadConfig({ file: join(dir, "exhook.yaml"), env: {} });
    const error = await prepareSinks(config.sinks, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { path: "sinks.webhook.url", reason: "must be an http:// or https:// URL" },
      { path: "sinks.webhook.maxSockets", reason: "must be at least 1" },
    ]);
  });
});
