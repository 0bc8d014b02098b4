// The JSON-ready record a sink receives for one hook call, built off the hot path by the sink's worker.
import { isUtf8 } from "node:buffer";
import type {
  AuthorizeAction,
  BrokerInfo,
  ClientInfo,
  ConnInfo,
  HookEvents,
  HookName,
  Message,
  Property,
  ProtocolVersion,
  RequestMeta,
  SubOpts,
} from "../events.js";

export type PayloadEncoding = "utf8" | "base64" | "hex";
/** `auto`: UTF-8 text when the payload is valid UTF-8, else base64. */
export type PayloadEncodingOption = PayloadEncoding | "auto";

/** What the app passes with each published event. */
export interface PublishInfo {
  version: ProtocolVersion;
  meta: RequestMeta;
  /** When exhook received the call, `Date.now()`. */
  time: number;
  /**
   * `message.publish`: the topic the client published to, before a handler rewrote it. Routes match it (as
   * EMQX matches the hook's topic filters against it); default: the message's topic.
   */
  publishedTopic?: string | undefined;
}

export interface RecordTopicFilter {
  topic: string;
  qos: number;
  rh: number;
  rap: number;
  nl: number;
}

/**
 * One hook call, flat and JSON-ready. Fields a hook does not have are left out; empty lists are left out.
 * Passwords never appear. Every nested object is copied field by field: the decoded request's own objects
 * carry protobuf internals (`$typeName`) and wire-only fields (`SubOpts.share`) that are not the record's.
 */
export interface EventRecord {
  hook: HookName;
  /** ISO 8601 (UTC, milliseconds): when exhook received the call. */
  time: string;
  /** The broker node the event happened on. */
  node: string;
  /** The client concerned: for `message.publish` the publisher, for delivered/acked the receiver. `""` if none. */
  clientid: string;
  username: string;
  peerhost: string;
  peerport?: number;
  sockport?: number;
  /** `mqtt`, `mqtt-sn`, … (client hooks) or the MQTT protocol name from CONNECT (`MQTT`). */
  protocol?: string;
  /** `"3"`, `"4"` or `"5"`: client.connect / client.connack. */
  protoVer?: string;
  keepalive?: number;
  mountpoint?: string;
  isSuperuser?: boolean;
  /** client.connack: `success`, `not_authorized`, … */
  resultCode?: string;
  /**
   * authorize: the topic; session.(un)subscribed: the filter; message hooks: the message's topic (on
   * `message.publish`, as the handlers left it: the topic the broker will publish to).
   */
  topic?: string;
  /** `message.publish`: the topic the client published to, before any handler rewrote it (routes match this). */
  publishedTopic?: string;
  qos?: number;
  payload?: string;
  payloadEncoding?: PayloadEncoding;
  messageId?: string;
  /** Message hooks: the publisher's clientid. */
  from?: string;
  /** Message hooks: the message's own timestamp, ms since the epoch. */
  timestamp?: number;
  headers?: Record<string, string>;
  /** client.disconnected, session.terminated, message.dropped. */
  reason?: string;
  /** client.authorize. */
  action?: AuthorizeAction;
  /** client.authenticate / client.authorize: the outcome the broker will apply. */
  result?: boolean;
  topicFilters?: RecordTopicFilter[];
  subopts?: SubOpts;
  props?: Property[];
  userProps?: Property[];
  /** provider.loaded. */
  broker?: BrokerInfo;
  /** The ExHook protocol the broker spoke: v1 (EMQX 4), v2 (5.0–5.8) or v3 (5.9+). */
  version: ProtocolVersion;
  meta: RequestMeta;
}

export interface EventRecordOptions {
  /** How payloads are written (default `auto`). */
  payloadEncoding?: PayloadEncodingOption;
}

/** Encodes a payload as the option asks; returns the encoding used. */
export function encodePayload(
  payload: Uint8Array,
  encoding: PayloadEncodingOption = "auto",
): { payload: string; payloadEncoding: PayloadEncoding } {
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const chosen: PayloadEncoding = encoding === "auto" ? (isUtf8(buf) ? "utf8" : "base64") : encoding;
  // utf8 on invalid bytes gives U+FFFD: that is what the user asked for by forcing utf8.
  return { payload: buf.toString(chosen), payloadEncoding: chosen };
}

type AnyEvent = HookEvents[HookName];

/** Builds the record of one hook call. Pure: reads `event`, never changes it. */
export function toEventRecord<H extends HookName>(
  hook: H,
  event: HookEvents[H],
  info: PublishInfo,
  options: EventRecordOptions = {},
): EventRecord {
  const e = event as AnyEvent;
  const record: EventRecord = {
    hook,
    time: new Date(info.time).toISOString(),
    node: info.meta.node,
    clientid: "",
    username: "",
    peerhost: "",
    version: info.version,
    meta: {
      node: info.meta.node,
      version: info.meta.version,
      sysdescr: info.meta.sysdescr,
      clusterName: info.meta.clusterName,
    },
  };
  if ("conninfo" in e) addConnInfo(record, e.conninfo);
  if ("clientinfo" in e) addClientInfo(record, e.clientinfo);
  if ("message" in e) {
    addMessage(record, e.message, options.payloadEncoding, !("clientinfo" in e));
    if (hook === "message.publish") record.publishedTopic = info.publishedTopic ?? e.message.topic;
  }
  if ("broker" in e) {
    const b = e.broker;
    record.broker = { version: b.version, sysdescr: b.sysdescr, uptime: b.uptime, datetime: b.datetime };
  }
  if ("resultCode" in e) record.resultCode = e.resultCode;
  if ("reason" in e) record.reason = e.reason;
  if ("action" in e) record.action = e.action;
  if ("topic" in e) record.topic = e.topic;
  if ("result" in e) record.result = e.result;
  if ("subopts" in e) record.subopts = copySubOpts(e.subopts);
  if ("topicFilters" in e && e.topicFilters.length > 0) {
    record.topicFilters = e.topicFilters.map((f) => ({ topic: f.name, ...copySubOpts(f.subopts) }));
  }
  if ("props" in e && e.props.length > 0) record.props = e.props.map(copyProperty);
  if ("userProps" in e && e.userProps.length > 0) record.userProps = e.userProps.map(copyProperty);
  return record;
}

function copySubOpts(o: SubOpts): SubOpts {
  return { qos: o.qos, rh: o.rh, rap: o.rap, nl: o.nl };
}

function copyProperty(p: Property): Property {
  return { name: p.name, value: p.value };
}

function addConnInfo(record: EventRecord, c: ConnInfo): void {
  if (c.node !== "") record.node = c.node;
  record.clientid = c.clientid;
  record.username = c.username;
  record.peerhost = c.peerhost;
  if (c.peerport !== 0) record.peerport = c.peerport;
  record.sockport = c.sockport;
  record.protocol = c.protoName;
  record.protoVer = c.protoVer;
  record.keepalive = c.keepalive;
}

function addClientInfo(record: EventRecord, c: ClientInfo): void {
  // The password is left out on purpose: a record must never carry it.
  if (c.node !== "") record.node = c.node;
  record.clientid = c.clientid;
  record.username = c.username;
  record.peerhost = c.peerhost;
  if (c.peerport !== 0) record.peerport = c.peerport;
  record.sockport = c.sockport;
  record.protocol = c.protocol;
  if (c.mountpoint !== "") record.mountpoint = c.mountpoint;
  record.isSuperuser = c.isSuperuser;
}

function addMessage(
  record: EventRecord,
  m: Message,
  encoding: PayloadEncodingOption | undefined,
  publisherIsClient: boolean,
): void {
  if (publisherIsClient) {
    // message.publish / message.dropped: the client concerned is the publisher, described by the headers.
    if (m.node !== "") record.node = m.node;
    record.clientid = m.from;
    record.username = m.headers["username"] ?? "";
    record.peerhost = m.headers["peerhost"] ?? "";
  }
  record.topic = m.topic;
  record.qos = m.qos;
  const { payload, payloadEncoding } = encodePayload(m.payload, encoding);
  record.payload = payload;
  record.payloadEncoding = payloadEncoding;
  record.messageId = m.id;
  record.from = m.from;
  record.timestamp = Number(m.timestamp);
  // A protobuf map decodes to a plain object of strings: a spread copies only its entries.
  record.headers = { ...m.headers };
}
