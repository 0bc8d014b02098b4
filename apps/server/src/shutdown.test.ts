// SIGTERM with calls in flight: every call gets its answer, the sinks flush, and the process exits 0.
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
});
