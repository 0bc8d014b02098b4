import { afterEach, describe, expect, it } from "vitest";
import { createFakeBroker, type FakeBroker, FakeBrokerError } from "./index.js";
import { type DemoServer, type DemoServerOptions, startDemoServer } from "./test-support/demo-server.js";

const servers: DemoServer[] = [];
const brokers: FakeBroker[] = [];
afterEach(async () => {
  for (const broker of brokers.splice(0)) broker.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(version: "v1" | "v2" | "v3", options: DemoServerOptions = {}) {
  const server = await startDemoServer(options);
  servers.push(server);
  const broker = createFakeBroker({ url: server.url, version });
  brokers.push(broker);
  return { server, broker };
}

describe("installed hooks", () => {
  it("calls only the hooks the server returned", async () => {
    const { server, broker } = await setup("v2", {
      hooks: {
        v2: [{ name: "client.authenticate" }, { name: "message.publish" }, { name: "session.terminated" }],
      },
    });
    await broker.load();
    const client = broker.client({ clientid: "c", username: "gooduser" });
    await client.connect();
    await client.subscribe("t/#", { qos: 1 });
    await client.publish("t/1", "x", { qos: 1 });
    await client.unsubscribe("t/#");
    await client.disconnect();
    expect(broker.sequence()).toEqual([
      "provider.loaded",
      "client.authenticate",
      "message.publish",
      "session.terminated",
    ]);
    expect(server.rpcs("v2")).toEqual([
      "OnProviderLoaded",
      "OnClientAuthenticate",
      "OnMessagePublish",
      "OnSessionTerminated",
    ]);
  });

  it("honours topic filters on message.* hooks only ($share stripped, empty = all)", async () => {
    const { broker } = await setup("v3", {
      hooks: {
        v3: [
          { name: "client.authorize", topics: ["never/matches"] },
          { name: "message.publish", topics: ["sensor/+/temp", "$share/g/alarm/#"] },
          { name: "message.delivered", topics: [] },
          { name: "message.dropped", topics: ["sensor/#"] },
        ],
      },
    });
    await broker.load();
    const client = broker.client({ clientid: "c" });
    await client.connect();
    await client.subscribe("#");
    broker.clearCalls();

    await client.publish("sensor/1/temp", "20");
    await client.publish("sensor/1/humidity", "50");
    await client.publish("alarm/fire", "!");
    await client.publish("$SYS/brokers", "sys");
    const published = broker.callsFor("message.publish").map((c) => c.request.message?.topic);
    expect(published).toEqual(["sensor/1/temp", "alarm/fire"]);
    // `#` does not match `$SYS/...`, and $SYS messages never reach the message hooks anyway.
    expect(broker.callsFor("message.delivered").map((c) => c.request.message?.topic)).toEqual([
      "sensor/1/temp",
      "sensor/1/humidity",
      "alarm/fire",
    ]);
    // client.authorize is not a message hook: its topic filter is ignored.
    expect(broker.callsFor("client.authorize")).toHaveLength(4);
    expect(broker.isHooked("message.publish", "sensor/9/temp")).toBe(true);
    expect(broker.isHooked("message.publish", "other")).toBe(false);
  });

  it("rejects a load naming a hook the version does not know (v2 names on v1)", async () => {
    const { broker } = await setup("v1", {
      hooks: { v1: [{ name: "client.authorize" }, { name: "client.connect" }] },
    });
    const error = await broker.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FakeBrokerError);
    expect(error).toMatchObject({ code: "load_rejected", details: ["client.authorize"] });
    expect(broker.hooks).toBeUndefined();
  });

  it("refuses flows before load, and installs hooks without OnProviderLoaded on request", async () => {
    const { server, broker } = await setup("v2");
    // No username: the demo server would IGNORE it, but authenticate is not installed here.
    const client = broker.client({ clientid: "c" });
    await expect(client.connect()).rejects.toMatchObject({ code: "not_loaded" });
    broker.install([{ name: "client.connected" }]);
    await client.connect();
    expect(server.rpcs("v2")).toEqual(["OnClientConnected"]);
  });

  it("calls nothing after unload", async () => {
    const { broker } = await setup("v2");
    await broker.load();
    await broker.unload();
    expect(broker.hooks).toBeUndefined();
    await expect(broker.client({ clientid: "c" }).connect()).rejects.toMatchObject({ code: "not_loaded" });
  });
});

describe("requests look like the version's broker sent them", () => {
  it("v1: string uptime, no peerport, SubOpts with share, the v1 RPC names", async () => {
    const { broker } = await setup("v1");
    const { call } = await broker.load();
    expect(call.request.broker?.version).toBe("4.4.19");
    expect(call.request.broker?.uptime).toMatch(/seconds$/);
    expect(call.request.meta).toEqual({
      $typeName: "emqx.exhook.v1.RequestMeta",
      node: "emqx@127.0.0.1",
      version: "4.4.19",
      sysdescr: "EMQX Broker",
      clusterName: "emqxcl",
    });
    const client = broker.client({ clientid: "c", username: "gooduser", password: "secret" });
    await client.connect();
    await client.subscribe("$share/g/t/1", { qos: 1 });
    await client.takenover();
    const [authn] = broker.callsFor("client.authenticate");
    expect(authn?.request.clientinfo).toMatchObject({
      clientid: "c",
      username: "gooduser",
      password: "secret",
    });
    expect(authn?.request.clientinfo?.peerport).toBeUndefined();
    expect(broker.callsFor("client.connect")[0]?.request.conninfo).toMatchObject({
      protoVer: "4",
      protoName: "MQTT",
    });
    // Only authenticate carries the password.
    expect(broker.callsFor("client.connected")[0]?.request.clientinfo?.password).toBe("");
    const subscribed = broker.callsFor("session.subscribed")[0]!;
    expect(subscribed.request.topic).toBe("t/1");
    expect(subscribed.request.subopts).toMatchObject({ qos: 1, share: "g" });
    expect(broker.callsFor("client.check_acl")[0]?.request.topic).toBe("t/1");
    expect(broker.callsFor("session.takeovered").map((c) => c.rpc)).toEqual(["OnSessionTakeovered"]);
  });

  it("v2/v3: int64 uptime, peerport, $share kept on subscribe, user_props on v3, meta on every request", async () => {
    for (const version of ["v2", "v3"] as const) {
      const { broker } = await setup(version);
      const { call } = await broker.load();
      expect(typeof call.request.broker?.uptime).toBe("bigint");
      const client = broker.client({ clientid: "c", username: "gooduser", peerport: 50123 });
      await client.connect({ userProperties: { a: "1" } });
      await client.subscribe("$share/g/t/1", { qos: 2 });
      await client.publish("t/1", "x", { qos: 2, properties: { "Content-Type": "text/plain" } });
      expect(broker.calls.every((c) => c.request.meta?.node === "emqx@127.0.0.1")).toBe(true);
      expect(broker.callsFor("client.connected")[0]?.request.clientinfo?.peerport).toBe(50123);
      const topicFilter = broker.callsFor("client.subscribe")[0]?.request.topicFilters?.[0];
      expect(topicFilter?.name).toBe("$share/g/t/1");
      expect(topicFilter?.subopts?.qos).toBe(2);
      expect(broker.callsFor("client.authorize")[0]?.request.topic).toBe("t/1");
      const connect = broker.callsFor("client.connect")[0]!;
      const publish = broker.callsFor("message.publish")[0]!;
      const message = publish.request.message!;
      expect(message.id).toMatch(/^[0-9A-F]{32}$/);
      expect(message.from).toBe("c");
      expect(typeof message.timestamp).toBe("bigint");
      expect(message.headers).toEqual({ username: "gooduser", protocol: "mqtt", peerhost: "127.0.0.1" });
      if (version === "v3") {
        expect(connect.request.userProps).toEqual([
          { $typeName: "emqx.exhook.v3.Property", name: "a", value: "1" },
        ]);
        expect(publish.request.props?.map((p) => p.name)).toEqual(["Content-Type"]);
      } else {
        expect(connect.request.userProps).toBeUndefined();
      }
      // The shared subscriber got it at the QoS granted.
      expect(broker.callsFor("message.delivered")[0]?.request.message?.qos).toBe(2);
    }
  });

  it("raw(): one call of any RPC, installed or not, by hook, wire or RPC name", async () => {
    const { server, broker } = await setup("v1", { hooks: { v1: [] } });
    await broker.load();
    const record = await broker.raw("client.authorize", {
      clientinfo: { clientid: "x", username: "u" },
      type: 1,
      topic: "forbidden/a",
      result: true,
    });
    expect(record.rpc).toBe("OnClientCheckAcl");
    expect(record.answer).toEqual({ type: "stop", typeNumber: 2, value: "bool", bool: false });
    await broker.raw("OnSessionTakeovered", {}, { withoutMeta: true });
    expect(server.received.at(-1)?.request.meta).toBeUndefined();
    await expect(broker.raw("client.nope")).rejects.toMatchObject({ code: "unknown_rpc" });
  });
});

describe("sessions", () => {
  it("a second client with the same clientid takes the session over or discards it", async () => {
    const { broker } = await setup("v2");
    await broker.load();
    const first = broker.client({ clientid: "same", username: "gooduser" });
    await first.connect();
    await first.subscribe("t/#", { qos: 1 });
    broker.clearCalls();

    const second = broker.client({ clientid: "same", username: "gooduser" });
    const taken = await second.connect({ cleanStart: false });
    expect(taken.sessionPresent).toBe(true);
    expect(broker.sequence()).toEqual([
      "client.connect",
      "client.authenticate",
      "session.takenover",
      "client.disconnected",
      "session.resumed",
      "client.connected",
      "client.connack",
    ]);
    expect(broker.callsFor("client.disconnected")[0]?.request.reason).toBe("takenover");
    expect(first.connected).toBe(false);
    expect([...second.subscriptions.keys()]).toEqual(["t/#"]);

    broker.clearCalls();
    const third = broker.client({ clientid: "same", username: "gooduser" });
    const fresh = await third.connect({ cleanStart: true });
    expect(fresh.sessionPresent).toBe(false);
    expect(broker.sequence()).toContain("session.discarded");
    expect(broker.sequence()).toContain("session.created");
    expect(third.subscriptions.size).toBe(0);
  });

  it("a kept session is resumed on reconnect without clean start", async () => {
    const { broker } = await setup("v3");
    await broker.load();
    const client = broker.client({ clientid: "k", username: "gooduser" });
    await client.connect();
    await client.subscribe("t/#");
    await client.disconnect("normal", { keepSession: true });
    expect(broker.sequence("k").at(-1)).toBe("client.disconnected");
    broker.clearCalls();
    const again = await client.connect({ cleanStart: false });
    await expect(client.connect()).rejects.toThrow(/already connected/);
    expect(again.sessionPresent).toBe(true);
    expect(broker.sequence()).toContain("session.resumed");
    expect([...client.subscriptions.keys()]).toEqual(["t/#"]);
  });

  it("delivers to the subscribers the test names with deliverTo, and drops with no_subscribers otherwise", async () => {
    const { broker } = await setup("v2");
    await broker.load();
    const publisher = broker.client({ clientid: "p", username: "gooduser" });
    const other = broker.client({ clientid: "o", username: "gooduser" });
    await publisher.connect();
    await other.connect();
    broker.clearCalls();
    const to = await publisher.publish("a/b", "x", { qos: 1, deliverTo: [other] });
    expect(to.deliveredTo).toEqual(["o"]);
    const none = await publisher.publish("a/b", "x", { qos: 1 });
    expect(none.dropped).toBe("no_subscribers");
    expect(broker.callsFor("message.dropped")[0]?.request.reason).toBe("no_subscribers");
    expect(broker.sequence("o")).toEqual(["message.delivered", "message.acked"]);
  });

  it("no-local keeps a client's own messages from it; one member of a share group gets each message", async () => {
    const { broker } = await setup("v3");
    await broker.load();
    const a = broker.client({ clientid: "a" });
    const b = broker.client({ clientid: "b" });
    await a.connect();
    await b.connect();
    await a.subscribe("$share/g/s/#");
    await b.subscribe("$share/g/s/#");
    await a.subscribe("n/#", { nl: 1 });
    expect((await a.publish("s/1", "x")).deliveredTo).toEqual(["a"]);
    expect((await a.publish("n/1", "x")).dropped).toBe("no_subscribers");
  });
});
