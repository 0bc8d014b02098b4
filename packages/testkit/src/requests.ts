// Builds request fields the way each EMQX version fills them: which fields exist, their types, their values.
import { randomBytes } from "node:crypto";
import type { ProtocolVersion } from "@exhook/proto";
import type { BrokerMessage } from "./fold.js";
import { datetimeText, type NodeProfile, uptimeText } from "./node-profile.js";

/** A plain init object for `create(schema, init)`; the schema comes from the version's service descriptor. */
export type Init = Record<string, unknown>;

/** Who an MQTT client is, as the broker sees it after CONNECT. */
export interface ClientIdentity {
  readonly clientid: string;
  readonly username: string;
  readonly password: string;
  readonly peerhost: string;
  readonly peerport: number;
  readonly sockport: number;
  readonly protoName: string;
  readonly protoVer: string;
  readonly keepalive: number;
  readonly mountpoint: string;
  readonly isSuperuser: boolean;
  readonly cn: string;
  readonly dn: string;
}

/** Subscription options as the client asked for them. */
export interface SubscriptionOptions {
  readonly qos: number;
  /** Retain handling (MQTT 5). */
  readonly rh: number;
  /** Retain as published (MQTT 5). */
  readonly rap: number;
  /** No local (MQTT 5): 1 means the subscriber's own messages are not delivered to it. */
  readonly nl: number;
}

export function metaInit(profile: NodeProfile): Init {
  return {
    node: profile.node,
    version: profile.brokerVersion,
    sysdescr: profile.sysdescr,
    clusterName: profile.clusterName,
  };
}

export function brokerInfoInit(version: ProtocolVersion, profile: NodeProfile, now: Date): Init {
  const up = now.getTime() - profile.startedAt;
  return {
    version: profile.brokerVersion,
    sysdescr: profile.sysdescr,
    // EMQX 4 sends its human-readable text; EMQX 5 the milliseconds as int64.
    uptime: version === "v1" ? uptimeText(up) : BigInt(up),
    datetime: datetimeText(now),
  };
}

export function connInfoInit(version: ProtocolVersion, profile: NodeProfile, id: ClientIdentity): Init {
  const init: Init = {
    node: profile.node,
    clientid: id.clientid,
    username: id.username,
    peerhost: id.peerhost,
    sockport: id.sockport,
    protoName: id.protoName,
    protoVer: id.protoVer,
    keepalive: id.keepalive,
  };
  if (version !== "v1") init["peerport"] = id.peerport;
  return init;
}

/** `ClientInfo`; the password is only there while authenticating (EMQX drops it from the channel afterwards). */
export function clientInfoInit(
  version: ProtocolVersion,
  profile: NodeProfile,
  id: ClientIdentity,
  withPassword = false,
): Init {
  const init: Init = {
    node: profile.node,
    clientid: id.clientid,
    username: id.username,
    password: withPassword ? id.password : "",
    peerhost: id.peerhost,
    sockport: id.sockport,
    protocol: "mqtt",
    mountpoint: id.mountpoint,
    isSuperuser: id.isSuperuser,
    anonymous: id.username === "",
    cn: id.cn,
    dn: id.dn,
  };
  if (version !== "v1") init["peerport"] = id.peerport;
  return init;
}

/** EMQX message ids: a 128-bit GUID in upper-case hex. */
export function messageId(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

export function newMessage(
  profile: NodeProfile,
  id: ClientIdentity,
  topic: string,
  payload: Uint8Array,
  qos: number,
): BrokerMessage {
  return {
    id: messageId(),
    node: profile.node,
    from: id.clientid,
    topic,
    qos,
    payload,
    timestamp: BigInt(Date.now()),
    headers: { username: id.username, protocol: "mqtt", peerhost: id.peerhost },
  };
}

export function messageInit(message: BrokerMessage, qos = message.qos): Init {
  return {
    node: message.node,
    id: message.id,
    qos,
    from: message.from,
    topic: message.topic,
    payload: message.payload,
    timestamp: message.timestamp,
    headers: { ...message.headers },
  };
}

/** The group of a `$share/<group>/<topic>` filter, or `""`. */
export function shareGroup(filter: string): string {
  if (!filter.startsWith("$share/")) return "";
  const end = filter.indexOf("/", 7);
  return end === -1 ? "" : filter.slice(7, end);
}

/** The topic a shared filter subscribes to (`$share/g/t` → `t`); other filters unchanged. */
export function unshared(filter: string): string {
  if (!filter.startsWith("$share/")) return filter;
  const end = filter.indexOf("/", 7);
  return end === -1 ? filter : filter.slice(end + 1);
}

export function subOptsInit(version: ProtocolVersion, filter: string, opts: SubscriptionOptions): Init {
  const init: Init = { qos: opts.qos, rh: opts.rh, rap: opts.rap, nl: opts.nl };
  // v1 names the share group in SubOpts; 5.4+ sends the `$share/...` topic instead (field 2 reserved).
  if (version === "v1") init["share"] = shareGroup(filter);
  return init;
}

export function topicFilterInit(version: ProtocolVersion, filter: string, opts: SubscriptionOptions): Init {
  if (version === "v1") return { name: unshared(filter), qos: opts.qos };
  return { name: filter, subopts: subOptsInit(version, filter, opts) };
}

/** The topic as a version's session.subscribed / unsubscribe carries it. */
export function wireTopic(version: ProtocolVersion, filter: string): string {
  return version === "v1" ? unshared(filter) : filter;
}

export function propertiesInit(props: Readonly<Record<string, string>> | undefined): Init[] {
  if (props === undefined) return [];
  return Object.entries(props).map(([name, value]) => ({ name, value }));
}
