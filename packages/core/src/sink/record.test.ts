import { describe, expect, it } from "vitest";
import type { HookEvents } from "../events.js";
import { encodePayload, toEventRecord } from "./record.js";
import { clientInfo, message, meta, publishInfo } from "./test-support/events.js";

describe("toEventRecord", () => {
  const info = publishInfo(Date.UTC(2026, 0, 2, 3, 4, 5, 678));

  it("writes a message.publish as a flat JSON-ready record, the publisher as the client", () => {
    const event: HookEvents["message.publish"] = {
      message: message(),
      props: [],
      userProps: [{ name: "k", value: "v" }],
    };
    const record = toEventRecord("message.publish", event, info);
    expect(record).toEqual({
      hook: "message.publish",
      time: "2026-01-02T03:04:05.678Z",
      node: "emqx@127.0.0.1",
      clientid: "c1",
      username: "alice",
      peerhost: "10.0.0.7",
      topic: "t/1",
      publishedTopic: "t/1",
      qos: 1,
      payload: "hello",
      payloadEncoding: "utf8",
      messageId: "0005F8F9A1B2C3D4",
      from: "c1",
      timestamp: 1_700_000_000_000,
      headers: { username: "alice", peerhost: "10.0.0.7", protocol: "mqtt" },
      userProps: [{ name: "k", value: "v" }],
      version: "v2",
      meta,
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it("uses the receiver as the client of message.delivered and never copies a password", () => {
    const event = { clientinfo: clientInfo({ clientid: "sub1" }), message: message({ from: "pub1" }) };
    const record = toEventRecord("message.delivered", event, info);
    expect(record).toMatchObject({ clientid: "sub1", from: "pub1", peerport: 50123, isSuperuser: false });
    expect(JSON.stringify(record)).not.toContain("s3cret");
    const authn = toEventRecord("client.authenticate", { clientinfo: clientInfo(), result: true }, info);
    expect(authn.result).toBe(true);
    expect(JSON.stringify(authn)).not.toContain("s3cret");
    expect(Object.keys(authn)).not.toContain("password");
  });

  it("carries the hook's own fields: authorize, subscribe, disconnected, connack, provider.loaded", () => {
    const authz = toEventRecord(
      "client.authorize",
      { clientinfo: clientInfo(), action: "subscribe", topic: "a/#", result: false },
      info,
    );
    expect(authz).toMatchObject({ action: "subscribe", topic: "a/#", result: false });
    const sub = toEventRecord(
      "client.subscribe",
      {
        clientinfo: clientInfo(),
        props: [],
        userProps: [],
        topicFilters: [{ name: "$share/g/t", subopts: { qos: 1, rh: 0, rap: 0, nl: 0 } }],
      },
      info,
    );
    expect(sub.topicFilters).toEqual([{ topic: "$share/g/t", qos: 1, rh: 0, rap: 0, nl: 0 }]);
    expect(sub).not.toHaveProperty("props");
    const gone = toEventRecord("client.disconnected", { clientinfo: clientInfo(), reason: "normal" }, info);
    expect(gone.reason).toBe("normal");
    const connack = toEventRecord(
      "client.connack",
      {
        conninfo: {
          node: "n2",
          clientid: "c9",
          username: "u",
          peerhost: "1.2.3.4",
          peerport: 0,
          sockport: 1883,
          protoName: "MQTT",
          protoVer: "5",
          keepalive: 60,
        },
        resultCode: "success",
        props: [],
        userProps: [],
      },
      info,
    );
    expect(connack).toMatchObject({
      node: "n2",
      clientid: "c9",
      protoVer: "5",
      keepalive: 60,
      resultCode: "success",
    });
    expect(connack).not.toHaveProperty("peerport");
    const loaded = toEventRecord(
      "provider.loaded",
      { broker: { version: "5.8.9", sysdescr: "EMQX", uptime: "1000", datetime: "now" } },
      info,
    );
    expect(loaded).toMatchObject({ clientid: "", node: meta.node, broker: { version: "5.8.9" } });
  });

  it("writes binary payloads as base64 by default, and as asked otherwise", () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x10]);
    expect(encodePayload(bytes)).toEqual({ payload: "/wAQ", payloadEncoding: "base64" });
    expect(encodePayload(bytes, "hex")).toEqual({ payload: "ff0010", payloadEncoding: "hex" });
    expect(encodePayload(new TextEncoder().encode("hé"), "base64")).toEqual({
      payload: "aMOp",
      payloadEncoding: "base64",
    });
    const event = { message: message({ payload: bytes }), reason: "no_subscribers" };
    expect(toEventRecord("message.dropped", event, info, { payloadEncoding: "hex" })).toMatchObject({
      payload: "ff0010",
      payloadEncoding: "hex",
      reason: "no_subscribers",
    });
  });

  it("is the documented shape and nothing else, whatever the decoder left in the event", () => {
    // What a protobuf-es message looks like as decoded from the wire: its type name and wire-only fields.
    const wire = <T extends object>(typeName: string, value: T) => ({ $typeName: typeName, ...value });
    const wireInfo = { ...info, meta: wire("emqx.exhook.v2.RequestMeta", meta) };
    const subopts = wire("emqx.exhook.v2.SubOpts", { qos: 1, share: "g", rh: 0, rap: 0, nl: 0 });
    const records = [
      toEventRecord("session.subscribed", { clientinfo: clientInfo(), topic: "a/#", subopts }, wireInfo),
      toEventRecord(
        "client.subscribe",
        { clientinfo: clientInfo(), props: [], userProps: [], topicFilters: [{ name: "a/#", subopts }] },
        wireInfo,
      ),
      toEventRecord(
        "provider.loaded",
        {
          broker: wire("emqx.exhook.v2.BrokerInfo", {
            version: "5.8.9",
            sysdescr: "EMQX",
            uptime: "1",
            datetime: "now",
          }),
        },
        wireInfo,
      ),
      toEventRecord("message.publish", { message: message(), props: [], userProps: [] }, wireInfo),
    ];
    for (const record of records) {
      expect(JSON.stringify(record)).not.toMatch(/\$typeName|"share"/);
      expect(record.meta).toEqual(meta);
    }
    expect(records[0]!.subopts).toEqual({ qos: 1, rh: 0, rap: 0, nl: 0 });
    expect(records[1]!.topicFilters).toEqual([{ topic: "a/#", qos: 1, rh: 0, rap: 0, nl: 0 }]);
    expect(records[2]!.broker).toEqual({ version: "5.8.9", sysdescr: "EMQX", uptime: "1", datetime: "now" });
  });

  it("keeps the topic the client published beside the one a handler rewrote it to", () => {
    const event = { message: message({ topic: "readings/1" }), props: [], userProps: [] };
    const record = toEventRecord("message.publish", event, { ...info, publishedTopic: "sensors/1" });
    expect(record).toMatchObject({ topic: "readings/1", publishedTopic: "sensors/1" });
    const delivered = toEventRecord(
      "message.delivered",
      { clientinfo: clientInfo(), message: message() },
      info,
    );
    expect(delivered).not.toHaveProperty("publishedTopic");
  });

  it("does not change the event", () => {
    const event = { message: message(), props: [], userProps: [] };
    const before = structuredClone(event);
    const record = toEventRecord("message.publish", event, info);
    record.headers!["x"] = "y";
    expect(event).toEqual(before);
  });
});
