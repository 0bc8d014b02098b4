// Strings stand for numbers, booleans and lists on purpose (`${ENV}` can only give strings): the real server
// takes them; a string that spells no value of the key's type is refused (config-errors.test.ts).
import { createFakeBroker } from "@exhook/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  processDeadlineMs,
  type ServerProcess,
  startServerProcess,
  tempDir,
} from "./test-support/server-process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("values written as strings", () => {
  it("are read as the number, boolean or comma-separated list they spell", {
    timeout: processDeadlineMs + 10_000,
  }, async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "server: { timeoutMs: '${TIMEOUT}', shutdownDeadlineMs: '2000' }",
        "admin: { port: '${ADMIN_PORT}' }",
        "log: { banner: '${BANNER}' }",
        "sinks:",
        "  events: { type: memory, options: { maxQueue: '50' } }",
        "routes:",
        "  - { hooks: 'client.connected, client.disconnected', sinks: events }",
        "  - { hooks: message.publish, topics: '${TOPICS}', sinks: events }",
      ].join("\n"),
    });
    server = await startServerProcess({
      args: ["--config", "exhook.yaml"],
      cwd: dir,
      env: {
        TIMEOUT: "2500",
        ADMIN_PORT: "0",
        BANNER: "false",
        TOPICS: "sensors/#, alerts/+",
        EXHOOK_ADMIN_PORT: "",
      },
    });
    // `banner: "false"` is false, and `admin.port: "0"` picked a free port.
    expect(server.stdout()).not.toContain("exhook server listening on");
    expect(server.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    const broker = createFakeBroker({ url: server.url, version: "v2" });
    try {
      const { hooks } = await broker.load();
      expect(hooks.map((h) => ({ name: h.name, topics: h.topics }))).toEqual([
        { name: "client.connected", topics: [] },
        { name: "client.disconnected", topics: [] },
        { name: "message.publish", topics: ["sensors/#", "alerts/+"] },
      ]);
    } finally {
      broker.close();
    }
  });
});
