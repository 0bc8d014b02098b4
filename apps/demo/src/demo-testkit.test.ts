// The demo contract, played by @exhook/testkit's fake EMQX broker against the in-process demo app.

import { silentLogger } from "@exhook/core";
import { createFakeBroker, type FakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemo } from "./demo.js";

// Both HTTP/2 transports: node:http2 (the default) and the raw one (`listen({ transport: "raw" })`).
const servers = (["http2", "raw"] as const).map((transport) => ({
  transport,
  app: createDemo({ logger: silentLogger }),
  url: "",
}));

beforeAll(async () => {
  for (const server of servers) {
    ({ url: server.url } = await server.app.listen({
      port: 0,
      host: "127.0.0.1",
      transport: server.transport,
    }));
  }
});
afterAll(() => Promise.all(servers.map((server) => server.app.close({ deadlineMs: 1_000 }))));

const cases = servers.flatMap((server) =>
  (["v1", "v2", "v3"] as const).map((version) => ({ server, version })),
);

describe.each(cases)(
  "the demo on the $server.transport transport, as EMQX $version sees it",
  ({ server, version }) => {
    let broker: FakeBroker;
    beforeAll(async () => {
      broker = createFakeBroker({ url: server.url, version });
      const loaded = await broker.load();
      expect(loaded.hooks).toHaveLength(19);
    });
    afterAll(async () => {
      await broker.unload();
      broker.close();
    });

    it("lets gooduser in and rewrites rewrite/<rest> for its subscribers", async () => {
      const good = broker.client({ clientid: `good-${version}`, username: "gooduser", password: "pw" });
      const reader = broker.client({ clientid: `reader-${version}`, username: "gooduser" });
      expect((await good.connect()).authenticated).toBe(true);
      await reader.connect();
      expect((await reader.subscribe("rewritten/#", { qos: 1 })).allowed).toBe(true);
      const published = await good.publish("rewrite/a/b", "payload", { qos: 1 });
      expect(published.allowed).toBe(true);
      expect(published.message.topic).toBe("rewritten/a/b");
      expect(published.deliveredTo).toEqual([`reader-${version}`]);
      await good.disconnect("normal");
      await reader.disconnect("normal");
      expect(broker.failures).toEqual([]);
    });

    it("keeps baduser out, and blocks what it publishes", async () => {
      const bad = broker.client({ clientid: `bad-${version}`, username: "baduser" });
      expect((await bad.connect()).authenticated).toBe(false);
      const sneaky = await broker.raw("message.publish", {
        message: { topic: "t/1", qos: 1, from: "x", headers: { username: "baduser" } },
      });
      expect(sneaky.answer).toMatchObject({ type: "stop" });
    });

    it("every session hook of a whole flow is answered OK", async () => {
      const normal = broker.client({ clientid: `normal-${version}`, username: "normaluser" });
      expect((await normal.connect()).authenticated).toBe(true);
      await normal.subscribe("t/#", { qos: 1 });
      await normal.publish("t/1", "x", { qos: 1 });
      await normal.unsubscribe("t/#");
      await normal.disconnect("normal");
      const sequence = broker.sequence(`normal-${version}`);
      expect(sequence.slice(0, 5)).toEqual([
        "client.connect",
        "client.authenticate",
        "session.created",
        "client.connected",
        "client.connack",
      ]);
      expect(sequence.slice(-2)).toEqual(["client.disconnected", "session.terminated"]);
      expect(broker.failures).toEqual([]);
    });
  },
);
