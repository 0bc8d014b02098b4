import type { ProtocolVersion } from "@exhook/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeBroker } from "./index.js";
import { type DemoServer, startDemoServer } from "./test-support/demo-server.js";

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server.close();
});

const authorizeName = (version: ProtocolVersion) =>
  version === "v1" ? "client.check_acl" : "client.authorize";

describe.each(["v1", "v2", "v3"] as const)("a whole MQTT session on %s", (version) => {
  it("calls every hook in EMQX's order, with the version's wire names", async () => {
    const broker = createFakeBroker({ url: server.url, version });
    try {
      const loaded = await broker.load();
      expect(loaded.hooks.map((h) => h.name)).toContain(authorizeName(version));
      const client = broker.client({ clientid: `c-${version}`, username: "gooduser", password: "pw" });
      expect((await client.connect()).authenticated).toBe(true);
      expect((await client.subscribe("t/#", { qos: 1 })).allowed).toBe(true);
      const qos0 = await client.publish("t/0", "zero");
      expect(qos0.deliveredTo).toEqual([`c-${version}`]);
      await client.publish("t/1", "one", { qos: 1 });
      await client.publish("nobody/here", "lost");
      await client.unsubscribe("t/#");
      await client.disconnect("normal");
      await broker.unload();

      const authorize = authorizeName(version);
      expect(broker.sequence()).toEqual([
        "provider.loaded",
        "client.connect",
        "client.authenticate",
        "session.created",
        "client.connected",
        "client.connack",
        authorize,
        "client.subscribe",
        "session.subscribed",
        authorize,
        "message.publish",
        "message.delivered",
        authorize,
        "message.publish",
        "message.delivered",
        "message.acked",
        authorize,
        "message.publish",
        "message.dropped",
        "client.unsubscribe",
        "session.unsubscribed",
        "client.disconnected",
        "session.terminated",
        "provider.unloaded",
      ]);
      // The server saw the same calls, under this version's RPC names.
      expect(server.rpcs(version)).toEqual(broker.calls.map((c) => c.rpc));
      if (version === "v1") expect(server.rpcs("v1")).toContain("OnClientCheckAcl");
      expect(broker.failures).toEqual([]);
    } finally {
      broker.close();
      server.received.length = 0;
    }
  });
});
