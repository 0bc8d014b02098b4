// Plays whole MQTT sessions, in the broker's order, against the real `pnpm demo` process for v1, v2 and v3,
// with an independent client (@grpc/grpc-js loading the project's .proto files).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientinfo,
  connect,
  type HookClient,
  type Json,
  message,
  meta,
  type Version,
} from "../../../packages/core/src/test-support/exhook-client.js";

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
let demo: ChildProcess;
let address: string;

beforeAll(async () => {
  demo = spawn(process.execPath, [main], {
    env: { ...process.env, EXHOOK_PORT: "0", EXHOOK_HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  for await (const chunk of demo.stdout!) {
    output += chunk;
    const match = /listening on http:\/\/([\d.]+:\d+)/.exec(output);
    if (match) {
      address = match[1]!;
      break;
    }
  }
  expect(address).toBeDefined();
});

afterAll(async () => {
  demo.kill("SIGTERM");
  const [code] = await once(demo, "exit");
  expect(code).toBe(0);
});

const names = {
  v1: { authorize: "OnClientCheckAcl", takenover: "OnSessionTakeovered" },
  v2: { authorize: "OnClientAuthorize", takenover: "OnSessionTakenover" },
  v3: { authorize: "OnClientAuthorize", takenover: "OnSessionTakenover" },
};

const conninfo = (username: string) => ({
  node: "emqx@127.0.0.1",
  clientid: "c1",
  username,
  peerhost: "127.0.0.1",
  sockport: 1883,
  proto_name: "MQTT",
  proto_ver: "5",
  keepalive: 60,
});

/** One MQTT session in the order EMQX calls the hooks; returns the valued answers. */
async function session(client: HookClient, version: Version, username: string, topic: string) {
  const rpc = names[version];
  const ci = clientinfo(username);
  const answers: Record<string, Json> = {};
  const empty = async (name: string, request: Json) => expect(await client.call(name, request)).toEqual({});
  // connect
  await empty("OnClientConnect", { conninfo: conninfo(username), props: [], meta });
  answers["authenticate"] = await client.call("OnClientAuthenticate", {
    clientinfo: ci,
    result: false,
    meta,
  });
  await empty("OnSessionCreated", { clientinfo: ci, meta });
  await empty("OnClientConnected", { clientinfo: ci, meta });
  await empty("OnClientConnack", { conninfo: conninfo(username), result_code: "success", props: [], meta });
  // subscribe
  answers["authorizeSubscribe"] = await client.call(rpc.authorize, {
    clientinfo: ci,
    type: "SUBSCRIBE",
    topic: "t/#",
    result: true,
    meta,
  });
  const filter = { name: "t/#", subopts: { qos: 1 } };
  await empty("OnClientSubscribe", { clientinfo: ci, props: [], topic_filters: [filter], meta });
  await empty("OnSessionSubscribed", { clientinfo: ci, topic: "t/#", subopts: { qos: 1 }, meta });
  // publish QoS 1
  answers["authorizePublish"] = await client.call(rpc.authorize, {
    clientinfo: ci,
    type: "PUBLISH",
    topic,
    result: true,
    meta,
  });
  const published = message(topic, username);
  answers["publish"] = await client.call("OnMessagePublish", { message: published, meta });
  await empty("OnMessageDelivered", { clientinfo: ci, message: published, meta });
  await empty("OnMessageAcked", { clientinfo: ci, message: published, meta });
  await empty("OnMessageDropped", { message: published, reason: "no_subscribers", meta });
  // unsubscribe, takeover, close
  await empty("OnClientUnsubscribe", { clientinfo: ci, props: [], topic_filters: [filter], meta });
  await empty("OnSessionUnsubscribed", { clientinfo: ci, topic: "t/#", meta });
  await empty(rpc.takenover, { clientinfo: ci, meta });
  await empty("OnSessionResumed", { clientinfo: ci, meta });
  await empty("OnSessionDiscarded", { clientinfo: ci, meta });
  await empty("OnClientDisconnected", { clientinfo: ci, reason: "normal", meta });
  await empty("OnSessionTerminated", { clientinfo: ci, reason: "normal", meta });
  return answers;
}

describe.each(["v1", "v2", "v3"] as const)("the demo server over %s", (version) => {
  let client: HookClient;
  beforeAll(() => {
    client = connect(address, version);
  });
  afterAll(() => client.close());

  it("offers all 19 hooks of the version, without topic filters", async () => {
    const uptime = version === "v1" ? "3 hours" : "10800000";
    const loaded = await client.call("OnProviderLoaded", {
      broker: { version: "5.8.9", sysdescr: "EMQX", uptime, datetime: "2026-11-25 08:00:00" },
      meta,
    });
    expect(loaded.hooks).toHaveLength(19);
    expect(loaded.hooks.every((h: Json) => h.topics.length === 0)).toBe(true);
    const hookNames = loaded.hooks.map((h: Json) => h.name);
    expect(hookNames).toContain(version === "v1" ? "client.check_acl" : "client.authorize");
    expect(hookNames).toContain(version === "v1" ? "session.takeovered" : "session.takenover");
  });

  it("baduser: denied, and its messages are blocked whole", async () => {
    const answers = await session(client, version, "baduser", "t/1");
    expect(answers["authenticate"]).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false });
    expect(answers["authorizeSubscribe"]).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false });
    const publish = answers["publish"];
    expect(publish.type).toBe("STOP_AND_RETURN");
    expect(publish.message).toMatchObject({ topic: "t/1", qos: 1, from: "c1", id: "0005F1A2B3C4D5E6" });
    expect(publish.message.headers).toEqual({
      username: "baduser",
      protocol: "mqtt",
      peerhost: "127.0.0.1",
      allow_publish: "false",
    });
    expect(Buffer.from(publish.message.payload).toString()).toBe("hello");
  });

  it("gooduser: allowed and stops the chain; a rewrite/ topic is rewritten", async () => {
    const answers = await session(client, version, "gooduser", "rewrite/a/b");
    expect(answers["authenticate"]).toMatchObject({ type: "STOP_AND_RETURN", bool_result: true });
    expect(answers["authorizePublish"]).toMatchObject({ type: "STOP_AND_RETURN", bool_result: true });
    const publish = answers["publish"];
    expect(publish.type).toBe("CONTINUE");
    expect(publish.message).toMatchObject({
      topic: "rewritten/a/b",
      qos: 1,
      from: "c1",
      node: "emqx@127.0.0.1",
    });
    expect(publish.message.headers).toEqual({
      username: "gooduser",
      protocol: "mqtt",
      peerhost: "127.0.0.1",
    });
    expect(Buffer.from(publish.message.payload).toString()).toBe("hello");
  });

  it("normaluser: allowed, leaving the next server a say; other topics pass unchanged", async () => {
    const answers = await session(client, version, "normaluser", "t/2");
    expect(answers["authenticate"]).toMatchObject({ type: "CONTINUE", bool_result: true });
    expect(answers["authorizeSubscribe"]).toMatchObject({ type: "CONTINUE", bool_result: true });
    expect(answers["publish"].type).toBe("IGNORE");
  });

  it("anyone else: left to the broker (IGNORE)", async () => {
    const answers = await session(client, version, "someone", "t/3");
    for (const key of ["authenticate", "authorizeSubscribe", "authorizePublish", "publish"]) {
      expect(answers[key].type).toBe("IGNORE");
      expect(answers[key].value).toBeUndefined();
    }
  });
});
