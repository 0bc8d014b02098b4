// One event model for ExHook v1, v2 and v3: the shapes handlers and sinks see, whatever the broker speaks.
import type { HookName, OfferableHookName, ProtocolVersion } from "@exhook/proto";

export type { HookName, OfferableHookName, ProtocolVersion };

/** Who is calling: on every request from EMQX 4.4.3+/5.x (empty strings when an older broker sent none). */
export interface RequestMeta {
  node: string;
  version: string;
  sysdescr: string;
  clusterName: string;
}

export interface BrokerInfo {
  version: string;
  sysdescr: string;
  /** Milliseconds since the node started as a decimal string (v2/v3); EMQX 4's own text on v1. */
  uptime: string;
  datetime: string;
}

export interface Property {
  name: string;
  value: string;
}

export interface ConnInfo {
  node: string;
  clientid: string;
  username: string;
  peerhost: string;
  /** 0 before EMQX 5.4 and on v1. */
  peerport: number;
  sockport: number;
  protoName: string;
  /** "3", "4" or "5". */
  protoVer: string;
  keepalive: number;
}

export interface ClientInfo {
  node: string;
  clientid: string;
  username: string;
  password: string;
  peerhost: string;
  /** 0 before EMQX 5.4 and on v1. */
  peerport: number;
  sockport: number;
  protocol: string;
  mountpoint: string;
  isSuperuser: boolean;
  anonymous: boolean;
  cn: string;
  dn: string;
}

export interface SubOpts {
  qos: number;
  rh: number;
  rap: number;
  nl: number;
}

export interface TopicFilter {
  /** Shared subscriptions arrive as `$share/<group>/<filter>` on every version. */
  name: string;
  subopts: SubOpts;
}

export interface Message {
  node: string;
  /** Hex GUID. */
  id: string;
  qos: number;
  /** The publisher's clientid. */
  from: string;
  topic: string;
  payload: Uint8Array;
  /** Milliseconds since the epoch. */
  timestamp: bigint;
  /** `username`, `protocol`, `peerhost`, `allow_publish`; only `allow_publish` is read back by the broker. */
  headers: { [key: string]: string };
}

/** A rewrite of a published message: the fields to change. */
export type MessagePatch = Partial<Omit<Message, "payload">> & { payload?: Uint8Array | string };

export type AuthorizeAction = "publish" | "subscribe";

/** The event of each hook. Lists are never undefined; `userProps` is empty unless a v3 broker sent some. */
export interface HookEvents {
  "provider.loaded": { broker: BrokerInfo };
  "provider.unloaded": Record<never, never>;
  "client.connect": { conninfo: ConnInfo; props: Property[]; userProps: Property[] };
  "client.connack": { conninfo: ConnInfo; resultCode: string; props: Property[]; userProps: Property[] };
  "client.connected": { clientinfo: ClientInfo };
  "client.disconnected": { clientinfo: ClientInfo; reason: string };
  /** `result` is the outcome so far: the broker's, then as the handlers before this one decided. */
  "client.authenticate": { clientinfo: ClientInfo; result: boolean };
  "client.authorize": { clientinfo: ClientInfo; action: AuthorizeAction; topic: string; result: boolean };
  "client.subscribe": {
    clientinfo: ClientInfo;
    props: Property[];
    topicFilters: TopicFilter[];
    userProps: Property[];
  };
  "client.unsubscribe": {
    clientinfo: ClientInfo;
    props: Property[];
    topicFilters: TopicFilter[];
    userProps: Property[];
  };
  "session.created": { clientinfo: ClientInfo };
  "session.subscribed": { clientinfo: ClientInfo; topic: string; subopts: SubOpts };
  "session.unsubscribed": { clientinfo: ClientInfo; topic: string };
  "session.resumed": { clientinfo: ClientInfo };
  "session.discarded": { clientinfo: ClientInfo };
  "session.takenover": { clientinfo: ClientInfo };
  "session.terminated": { clientinfo: ClientInfo; reason: string };
  /** `message` is as rewritten by the handlers before this one. `props`/`userProps` come from v3 brokers. */
  "message.publish": { message: Message; props: Property[]; userProps: Property[] };
  "message.delivered": { clientinfo: ClientInfo; message: Message };
  "message.acked": { clientinfo: ClientInfo; message: Message };
  "message.dropped": { message: Message; reason: string };
}

export type HookEvent<H extends HookName = HookName> = HookEvents[H];

/** The hooks whose answer changes what the broker does. */
export type ValuedHookName = "client.authenticate" | "client.authorize" | "message.publish";
export type NotificationHookName = Exclude<HookName, ValuedHookName>;
export type MessageHookName = "message.publish" | "message.delivered" | "message.acked" | "message.dropped";

/** What a handler of a valued hook may decide: a bool for authn/authz, a (partial) message for publish. */
export interface HookValues {
  "client.authenticate": boolean;
  "client.authorize": boolean;
  /**
   * Fields given replace the message's; the rest stay. `headers` replaces the whole map. A string payload
   * is sent as UTF-8.
   */
  "message.publish": MessagePatch;
}

export const valuedHooks: ReadonlySet<HookName> = new Set<HookName>([
  "client.authenticate",
  "client.authorize",
  "message.publish",
]);

export const messageHooks: ReadonlySet<HookName> = new Set<HookName>([
  "message.publish",
  "message.delivered",
  "message.acked",
  "message.dropped",
]);

export function isValuedHook(hook: HookName): hook is ValuedHookName {
  return valuedHooks.has(hook);
}

export function isMessageHook(hook: HookName): hook is MessageHookName {
  return messageHooks.has(hook);
}
