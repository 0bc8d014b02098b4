import { type EventRecord, toEventRecord } from "@exhook/core/sink";
import { describe, expect, it } from "vitest";
import { recordMsgId } from "./msg-id.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };
const info = { version: "v3" as const, meta, time: 1_700_000_000_000 };
const message = {
  node: "emqx@127.0.0.1",
  id: "0005F8F9A1B20001",
  qos: 1,
  from: "dev1",
  topic: "t/1",
  payload: new TextEncoder().encode("x"),
  timestamp: 1_700_000_000_000n,
  headers: {},
};
const clientinfo = (clientid: string) => ({
  node: "emqx@127.0.0.1",
  clientid,
  username: "",
  password: "",
  peerhost: "127.0.0.1",
  peerport: 1,
  sockport: 1883,
  protocol: "mqtt",
  mountpoint: "",
  isSuperuser: false,
  anonymous: true,
  cn: "",
  dn: "",
});

describe("the Nats-Msg-Id of a record", () => {
  it("is the hook, clientid and MQTT message id for message hooks", () => {
    const published = toEventRecord("message.publish", { message, props: [], userProps: [] }, info);
    expect(recordMsgId(published)).toBe("message.publish:dev1:0005F8F9A1B20001");
    // One message delivered to two clients: two records, two ids.
    const to = (c: string) =>
      recordMsgId(toEventRecord("message.delivered", { clientinfo: clientinfo(c), message }, info));
    expect(to("sub a")).toBe("message.delivered:sub%20a:0005F8F9A1B20001");
    expect(to("sub-b")).not.toBe(to("sub a"));
  });

  it("is a hash of the record for other hooks, the same after a JSON round trip (a disk-buffer redelivery)", () => {
    const record = toEventRecord(
      "client.disconnected",
      { clientinfo: clientinfo("dev1"), reason: "normal" },
      info,
    );
    const id = recordMsgId(record);
    expect(id).toMatch(/^client\.disconnected:[0-9a-f]{32}$/);
    const again = JSON.parse(JSON.stringify(record)) as EventRecord;
    expect(recordMsgId(again)).toBe(id);
    expect(recordMsgId({ ...record, time: new Date(info.time + 1).toISOString() })).not.toBe(id);
  });
});
