// The gRPC port's limits from the config file reach the server: server.limits as core's listen limits.
import * as net from "node:net";
import { createFakeBroker } from "@exhook/testkit";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runToExit, type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

describe("server.limits", () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("closes a connection that sends no preface within server.limits.prefaceTimeoutMs, and serves the broker", async () => {
    const dir = tempDir({
      "exhook.yaml": "server: { limits: { prefaceTimeoutMs: 300, idleTimeoutMs: 120000 } }\n",
    });
    server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
    let closed = false;
    const silent = net.connect(server.port, "127.0.0.1");
    silent.on("error", () => {});
    silent.on("close", () => {
      closed = true;
    });
    silent.resume();
    // The default is 10 s: only the configured 300 ms closes it within this wait.
    await vi.waitFor(() => expect(closed).toBe(true), { timeout: 8_000, interval: 20 });
    const broker = createFakeBroker({ url: server.url, version: "v2" });
    try {
      const { hooks } = await broker.load();
      expect(hooks).toEqual([]); // answered: nothing configured to offer
    } finally {
      broker.close();
    }
  });

  it("refuses an unknown limit and a limit out of range, naming the key", async () => {
    const dir = tempDir({
      "exhook.yaml": "server: { limits: { idleTimeoutMs: -1, maxBufferedBytes: 5 } }\n",
    });
    const { code, stderr } = await runToExit({ args: ["--config", "exhook.yaml"], cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain("server.limits.idleTimeoutMs");
    expect(stderr).toContain("server.limits.maxBufferedBytes");
  });
});
