import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeBroker, type FakeBroker } from "./index.js";
import { type DemoServer, startDemoServer } from "./test-support/demo-server.js";

let server: DemoServer;
const brokers: FakeBroker[] = [];
beforeAll(async () => {
  server = await startDemoServer();
});
afterEach(() => {
  for (const broker of brokers.splice(0)) broker.close();
});
afterAll(async () => {
  await server.close();
});

async function loaded(
  version: "v1" | "v2" | "v3",
  options: { timeoutMs?: number; failedAction?: "deny" | "ignore" } = {},
) {
  const broker = createFakeBroker({ url: server.url, version, ...options });
  brokers.push(broker);
  await broker.load();
  return broker;
}

describe("authenticate answers, folded as EMQX does", () => {
  it.each([
    ["baduser", false, "STOP false"],
    ["gooduser", true, "STOP true"],
    ["normaluser", true, "CONTINUE true"],
  ])("%s is let in: %s (%s)", async (username, authenticated) => {
    const broker = await loaded("v3");
    const result = await broker.client({ clientid: username, username }).connect();
    expect(result.authenticated).toBe(authenticated);
    expect(result.resultCode).toBe(authenticated ? "success" : "not_authorized");
  });

  it("keeps what the broker had on IGNORE: rejected on v2 (5.0-5.8), let in on v1 and v3", async () => {
    for (const [version, expected] of [
      ["v1", true],
      ["v2", false],
      ["v3", true],
    ] as const) {
      const broker = await loaded(version);
      const result = await broker.client({ clientid: "c", username: "other" }).connect();
      expect(result.answer?.type).toBe("ignore");
      expect(result.authenticated, version).toBe(expected);
      expect(result.authenticate?.request.result).toBe(expected);
    }
  });

  it("sends the broker's result so far and keeps it on IGNORE", async () => {
    const broker = await loaded("v2");
    const result = await broker.client({ clientid: "c", username: "other", authResult: true }).connect();
    expect(result.authenticate?.request.result).toBe(true);
    expect(result.authenticated).toBe(true);
  });

  it("treats CONTINUE without a value, or with the wrong value, as IGNORE", async () => {
    const broker = await loaded("v2");
    const missing = await broker.client({ clientid: "a", username: "nooneof", authResult: true }).connect();
    expect(missing.answer).toEqual({ type: "continue", typeNumber: 0, value: "none" });
    expect(missing.authenticated).toBe(true);
    const wrong = await broker.client({ clientid: "b", username: "wrongoneof" }).connect();
    expect(wrong.answer?.type).toBe("stop");
    expect(wrong.answer?.value).toBe("message");
    expect(wrong.authenticated).toBe(false); // v2's default false is kept
  });

  it("a rejected client gets client.connack not_authorized and nothing more", async () => {
    const broker = await loaded("v2");
    await broker.client({ clientid: "bad", username: "baduser" }).connect();
    expect(broker.sequence("bad")).toEqual(["client.connect", "client.authenticate", "client.connack"]);
    expect(broker.callsFor("client.connack")[0]?.request.resultCode).toBe("not_authorized");
  });

  it("applies failed_action to a timed-out call: deny rejects, ignore keeps the broker's result", async () => {
    const deny = await loaded("v3", { timeoutMs: 1000 });
    const denied = await deny.client({ clientid: "s", username: "slowuser" }).connect();
    expect(denied.authenticated).toBe(false);
    expect(deny.failures.map((c) => c.hook)).toEqual(["client.authenticate"]);
    expect(denied.authenticate?.error).toBeInstanceOf(Error);

    const ignore = await loaded("v3", { timeoutMs: 1000, failedAction: "ignore" });
    const ignored = await ignore.client({ clientid: "s", username: "slowuser" }).connect();
    expect(ignored.authenticated).toBe(true);
  });
});

describe("authorize answers", () => {
  it("leaves a denied filter out of client.subscribe and session.subscribed", async () => {
    const broker = await loaded("v2");
    const client = broker.client({ clientid: "c", username: "gooduser" });
    await client.connect();
    broker.clearCalls();
    const result = await client.subscribe(["forbidden/x", "ok/#"]);
    expect(result.allowed).toBe(false);
    expect(result.filters.map((f) => [f.filter, f.allowed])).toEqual([
      ["forbidden/x", false],
      ["ok/#", true],
    ]);
    expect(broker.sequence()).toEqual([
      "client.authorize",
      "client.authorize",
      "client.subscribe",
      "session.subscribed",
    ]);
    expect(broker.callsFor("client.subscribe")[0]?.request.topicFilters?.map((f) => f.name)).toEqual([
      "ok/#",
    ]);
    expect([...client.subscriptions.keys()]).toEqual(["ok/#"]);
  });

  it("stops a publish the server denies after client.authorize", async () => {
    const broker = await loaded("v1");
    const client = broker.client({ clientid: "c", username: "gooduser" });
    await client.connect();
    broker.clearCalls();
    const result = await client.publish("forbidden/t", "x");
    expect(result).toMatchObject({ authorized: false, allowed: false, deliveredTo: [] });
    expect(broker.sequence()).toEqual(["client.check_acl"]);
    expect(broker.calls[0]?.request.type).toBe(0); // PUBLISH
  });
});

describe("publish answers", () => {
  it("routes a rewritten topic to the subscribers of the new topic", async () => {
    const broker = await loaded("v2");
    const publisher = broker.client({ clientid: "pub", username: "gooduser" });
    const subscriber = broker.client({ clientid: "sub", username: "gooduser" });
    await publisher.connect();
    await subscriber.connect();
    await subscriber.subscribe("rewritten/#", { qos: 1 });
    broker.clearCalls();

    const result = await publisher.publish("rewrite/a", "hello", { qos: 1 });
    expect(result.answer?.type).toBe("continue");
    expect(result.message).toMatchObject({
      topic: "rewritten/a",
      qos: 1,
      payloadText: "hello",
      allowPublish: true,
    });
    expect(result.deliveredTo).toEqual(["sub"]);
    expect(broker.sequence()).toEqual([
      "client.authorize",
      "message.publish",
      "message.delivered",
      "message.acked",
    ]);
    const delivered = broker.callsFor("message.delivered")[0]!;
    expect(delivered.clientid).toBe("sub");
    expect(delivered.request.clientinfo?.clientid).toBe("sub");
    expect(delivered.request.message?.topic).toBe("rewritten/a");
    expect(delivered.request.message?.from).toBe("pub");
  });

  it("stops a message answered with allow_publish false: no delivered, no dropped", async () => {
    const broker = await loaded("v3");
    // The demo server rejects baduser at authenticate: install only the message hooks so it gets in.
    broker.install([{ name: "message.publish" }, { name: "message.delivered" }, { name: "message.dropped" }]);
    const bad = broker.client({ clientid: "bad", username: "baduser" });
    await bad.connect();
    await bad.subscribe("t/#");
    const result = await bad.publish("t/1", "x");
    expect(result).toMatchObject({ authorized: true, allowed: false, deliveredTo: [], dropped: undefined });
    expect(result.message.allowPublish).toBe(false);
    expect(result.message.headers["allow_publish"]).toBe("false");
    expect(broker.sequence()).toEqual(["provider.loaded", "message.publish"]);
  });

  it("treats CONTINUE without a message, or with a bool, as IGNORE", async () => {
    const broker = await loaded("v2");
    const client = broker.client({ clientid: "c", username: "gooduser" });
    await client.connect();
    const missing = await client.publish("nooneof/a", "x", { qos: 1 });
    expect(missing.answer).toEqual({ type: "continue", typeNumber: 0, value: "none" });
    expect(missing.message).toMatchObject({ topic: "nooneof/a", qos: 1, payloadText: "x" });
    const wrong = await client.publish("wrongoneof/a", "y");
    expect(wrong.answer?.value).toBe("bool");
    expect(wrong.message).toMatchObject({ topic: "wrongoneof/a", payloadText: "y" });
  });

  it("copies back qos, topic and payload as given: an omitted topic becomes empty", async () => {
    const broker = await loaded("v2");
    const client = broker.client({ clientid: "c", username: "gooduser" });
    await client.connect();
    const result = await client.publish("partial/a", "x", { qos: 1 });
    expect(result.message).toMatchObject({ topic: "", qos: 0, payloadText: "partial" });
    // Headers EMQX does not copy back stay as the broker had them.
    expect(result.message.headers).toMatchObject({ username: "gooduser", protocol: "mqtt" });
  });
});
