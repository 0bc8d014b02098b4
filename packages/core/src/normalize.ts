// Turns a decoded request of any protocol version into the one event shape handlers see.
// The decoded message is reused as the event (filled in, never copied) to keep the hot path cheap.
import type { HookName, ProtocolVersion } from "@exhook/proto";
import type {
  BrokerInfo,
  ClientInfo,
  ConnInfo,
  HookEvents,
  Message,
  RequestMeta,
  TopicFilter,
} from "./events.js";

const noProperties: never[] = [];
Object.freeze(noProperties);

export const emptyMeta: RequestMeta = Object.freeze({ node: "", version: "", sysdescr: "", clusterName: "" });

// biome-ignore lint/suspicious/noExplicitAny: decoded requests of three versions, reshaped in place
type Decoded = any;

function clientinfo(value: Decoded): ClientInfo {
  if (value === undefined) {
    return {
      node: "",
      clientid: "",
      username: "",
      password: "",
      peerhost: "",
      peerport: 0,
      sockport: 0,
      protocol: "",
      mountpoint: "",
      isSuperuser: false,
      anonymous: false,
      cn: "",
      dn: "",
    };
  }
  if (value.peerport === undefined) value.peerport = 0; // v1 has no peerport
  return value;
}

function conninfo(value: Decoded): ConnInfo {
  if (value === undefined) {
    return {
      node: "",
      clientid: "",
      username: "",
      peerhost: "",
      peerport: 0,
      sockport: 0,
      protoName: "",
      protoVer: "",
      keepalive: 0,
    };
  }
  if (value.peerport === undefined) value.peerport = 0;
  return value;
}

function message(value: Decoded): Message {
  if (value === undefined) {
    return {
      node: "",
      id: "",
      qos: 0,
      from: "",
      topic: "",
      payload: new Uint8Array(0),
      timestamp: 0n,
      headers: {},
    };
  }
  return value;
}

/** v1 and v2 before 5.4 send the QoS alone (field 2) instead of `subopts`. */
function topicFilters(list: Decoded[]): TopicFilter[] {
  for (const filter of list) {
    if (filter.subopts === undefined) filter.subopts = { qos: filter.qos ?? 0, rh: 0, rap: 0, nl: 0 };
  }
  return list;
}

/** v1 and v2 before 5.4 name the share group in `SubOpts.share`; later brokers put it in the topic. */
function sharedTopic(topic: string, subopts: Decoded): string {
  const share: string | undefined = subopts?.share;
  if (share === undefined || share === "" || topic.startsWith("$share/")) return topic;
  return `$share/${share}/${topic}`;
}

function broker(value: Decoded): BrokerInfo {
  return {
    version: value?.version ?? "",
    sysdescr: value?.sysdescr ?? "",
    uptime: value === undefined ? "" : String(value.uptime),
    datetime: value?.datetime ?? "",
  };
}

type Normalizer = (request: Decoded) => object;

const withClientinfo: Normalizer = (r) => {
  r.clientinfo = clientinfo(r.clientinfo);
  return r;
};
const withConninfo: Normalizer = (r) => {
  r.conninfo = conninfo(r.conninfo);
  r.userProps ??= noProperties;
  return r;
};
const withMessage: Normalizer = (r) => {
  r.message = message(r.message);
  return r;
};
const withClientinfoAndMessage: Normalizer = (r) => {
  r.clientinfo = clientinfo(r.clientinfo);
  r.message = message(r.message);
  return r;
};
const withTopicFilters: Normalizer = (r) => {
  r.clientinfo = clientinfo(r.clientinfo);
  r.topicFilters = topicFilters(r.topicFilters);
  r.userProps ??= noProperties;
  return r;
};

const normalizers: Record<HookName, Normalizer> = {
  "provider.loaded": (r) => ({ broker: broker(r.broker) }),
  "provider.unloaded": () => ({}),
  "client.connect": withConninfo,
  "client.connack": withConninfo,
  "client.connected": withClientinfo,
  "client.disconnected": withClientinfo,
  "client.authenticate": withClientinfo,
  "client.authorize": (r) => {
    r.clientinfo = clientinfo(r.clientinfo);
    r.action = r.type === 1 ? "subscribe" : "publish";
    return r;
  },
  "client.subscribe": withTopicFilters,
  "client.unsubscribe": withTopicFilters,
  "session.created": withClientinfo,
  "session.subscribed": (r) => {
    r.clientinfo = clientinfo(r.clientinfo);
    r.topic = sharedTopic(r.topic, r.subopts);
    r.subopts ??= { qos: 0, rh: 0, rap: 0, nl: 0 };
    return r;
  },
  "session.unsubscribed": withClientinfo,
  "session.resumed": withClientinfo,
  "session.discarded": withClientinfo,
  "session.takenover": withClientinfo,
  "session.terminated": withClientinfo,
  "message.publish": (r) => {
    r.message = message(r.message);
    r.props ??= noProperties;
    r.userProps ??= noProperties;
    return r;
  },
  "message.delivered": withClientinfoAndMessage,
  "message.acked": withClientinfoAndMessage,
  "message.dropped": withMessage,
};

/** The event for `hook` from a request decoded with `version`'s schema. The request object is reused. */
export function toEvent<H extends HookName>(
  hook: H,
  _version: ProtocolVersion,
  request: object,
): HookEvents[H] {
  return normalizers[hook](request) as HookEvents[H];
}

/** The broker's `RequestMeta`, or empty strings when an older broker sent none. */
export function metaOf(request: object): RequestMeta {
  return ((request as { meta?: RequestMeta }).meta as RequestMeta | undefined) ?? emptyMeta;
}
