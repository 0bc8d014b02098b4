// server.transport: raw: the real server process on exhook's own HTTP/2 transport answers a whole MQTT
// session from the test kit's broker, over v2 and EMQX 4's v1, and says which transport it serves.
import { createFakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

describe("server.transport: raw", { timeout: 120_000 }, () => {
  let server: ServerProcess;

  beforeAll(async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "log: { banner: false }",
        "server: { transport: raw }",
        "acl: { default: allow, rules: [{ permission: deny, action: publish, topics: ['secret/#'] }] }",
      ].join("\n"),
    });
    server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("logs the transport it listens with", () => {
    const line = server.logs().find((l) => l["msg"] === "listening");
    expect(line?.["transport"]).toBe("raw");
  });

  for (const version of ["v2", "v1"] as const) {
    it(`answers a session from a ${version} broker, decisions included`, async () => {
      const broker = createFakeBroker({ url: server.url, version });
      await broker.load();
      try {
        const client = broker.client({ clientid: `raw-${version}` });
        expect((await client.connect()).authenticated).toBe(true);
        expect((await client.publish("open/1", "x")).allowed).toBe(true);
        expect((await client.publish("secret/1", "x")).allowed).toBe(false);
        await client.disconnect();
        expect(broker.failures).toEqual([]);
      } finally {
        broker.close();
      }
    });
  }
});
