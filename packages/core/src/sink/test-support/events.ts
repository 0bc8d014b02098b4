// Test-only builders of hook events, as the app would publish them.
import type { ClientInfo, HookEvents, Message, RequestMeta } from "../../events.js";
import type { PublishInfo } from "../record.js";

export const meta: RequestMeta = {
  node: "emqx@127.0.0.1",
  version: "5.8.9",
  sysdescr: "EMQX",
  clusterName: "c1",
};

export function publishInfo(time = Date.now()): PublishInfo {
  return { version: "v2", meta, time };
}

export function clientInfo(overrides: Partial<ClientInfo> = {}): ClientInfo {
  return {
    node: "emqx@127.0.0.1",
    clientid: "c1",
    username: "alice",
    password: "s3cret",
    peerhost: "10.0.0.7",
    peerport: 50123,
    sockport: 1883,
    protocol: "mqtt",
    mountpoint: "",
    isSuperuser: false,
    anonymous: false,
    cn: "",
    dn: "",
    ...overrides,
  };
}

export function message(overrides: Partial<Message> = {}): Message {
  return {
    node: "emqx@127.0.0.1",
    id: "0005F8F9A1B2C3D4",
    qos: 1,
    from: "c1",
    topic: "t/1",
    payload: new TextEncoder().encode("hello"),
    timestamp: 1_700_000_000_000n,
    headers: { username: "alice", peerhost: "10.0.0.7", protocol: "mqtt" },
    ...overrides,
  };
}

/** A message.publish event whose payload is `text` (tests use it as a sequence number). */
export function publishEvent(text: string, topic = "t/1"): HookEvents["message.publish"] {
  return { message: message({ topic, payload: new TextEncoder().encode(text) }), props: [], userProps: [] };
}
