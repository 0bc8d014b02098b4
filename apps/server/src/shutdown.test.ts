// SIGTERM with calls in flight: every call gets its answer, the sinks flush, and the process exits 0.
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createFakeBroker } from "@exhook/testkit";
import { describe, expect, it } from "vitest";
import { startServerProcess, tempDir } from "./test-support/server-process.js";

const slowHandlers = fileURLToPath(new URL("./test-support/fixtures/slow-handlers.js", import.meta.url));

describe("SIGTERM", () => {
  it("drains in-flight calls (none lost), then exits 0", async () => {
    const dir = tempDir({
      "exhook.yaml": `log: { banner: false }\nhandlers: ${JSON.stringify(slowHandlers)}\n`,
    });
    const server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
    const broker = createFakeBroker({ url: server.url, version: "v2" });
    try {
      await broker.load();
      // Each authenticate takes 700 ms; SIGTERM arrives while all of them are being handled.
      const connects = Array.from({ length: 20 }, (_, i) => broker.client({ clientid: `c${i}` }).connect());
      await new Promise((resolve) => setTimeout(resolve, 250));
      server.child.kill("SIGTERM");
      const results = await Promise.all(connects);
      expect(results.every((r) => r.authenticated)).toBe(true);
      expect(broker.failures).toEqual([]);
      expect(await server.exited).toBe(0);
      expect(server.logs().map((l) => l["msg"])).toEqual(expect.arrayContaining(["draining", "stopped"]));
      expect(
        (await fetch(`http://127.0.0.1:${server.port}/`).catch((e: unknown) => e)) instanceof Error,
      ).toBe(true);
    } finally {
      broker.close();
      await server.stop("SIGKILL");
    }
  });

  it("logs, per sink, what it dropped when its target is down at shutdown", async () => {
    // A port nothing listens on: the MQTT sink's broker is down for the whole run.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const deadPort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const dir = tempDir({
      "exhook.yaml": [
        "log: { banner: false }",
        "server: { shutdownDeadlineMs: 500 }",
        "sinks:",
        `  bridge: { type: mqtt, server: "mqtt://127.0.0.1:${deadPort}" }`,
        "  audit: { type: memory }",
        "routes:",
        "  - { hooks: [client.connected], sinks: [bridge, audit] }",
      ].join("\n"),
    });
    const server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
    const broker = createFakeBroker({ url: server.url, version: "v3" });
    try {
      await broker.load();
      for (let i = 0; i < 30; i++) await broker.client({ clientid: `c${i}` }).connect();
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      const drops = server.logs().filter((l) => l["reason"] === "shutdown");
      // The memory sink delivered everything: only the one whose target is down says it dropped records.
      expect(drops).toEqual([
        expect.objectContaining({
          level: 40,
          sink: "bridge",
          type: "mqtt",
          dropped: 30,
          status: "disconnected",
        }),
      ]);
      expect(drops[0]!["msg"]).toBe('sink "bridge" dropped 30 records at shutdown');
    } finally {
      broker.close();
      await server.stop("SIGKILL");
    }
  });
});
