// The bench's requests and expected answers: the protobuf bytes every server is measured and checked with.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { v2 } from "@exhook/proto";

export const publishPath = "/emqx.exhook.v2.HookProvider/OnMessagePublish";
export const authenticatePath = "/emqx.exhook.v2.HookProvider/OnClientAuthenticate";
export const loadedPath = "/emqx.exhook.v2.HookProvider/OnProviderLoaded";

const meta = create(v2.RequestMetaSchema, {
  node: "emqx@127.0.0.1",
  version: "5.8.9",
  sysdescr: "EMQX",
  clusterName: "emqxcl",
});

/** A message as EMQX sends it to OnMessagePublish; 256-byte payload unless told otherwise. */
export function publishMessage({ topic = "t/1", username = "normaluser", payloadBytes = 256 } = {}) {
  return create(v2.MessageSchema, {
    node: "emqx@127.0.0.1",
    id: "0006217A5C3F1B2AF4420000A1D30002",
    qos: 1,
    from: "bench-client-0001",
    topic,
    payload: new Uint8Array(payloadBytes).fill(0x61),
    timestamp: 1764057600123n,
    headers: { username, protocol: "mqtt", peerhost: "127.0.0.1" },
  });
}

export function publishRequest(options) {
  return toBinary(
    v2.MessagePublishRequestSchema,
    create(v2.MessagePublishRequestSchema, { message: publishMessage(options), meta }),
  );
}

export function authenticateRequest(username = "normaluser") {
  const clientinfo = create(v2.ClientInfoSchema, {
    node: "emqx@127.0.0.1",
    clientid: "bench-client-0001",
    username,
    password: "secret",
    peerhost: "127.0.0.1",
    sockport: 1883,
    protocol: "mqtt",
    peerport: 51234,
  });
  return toBinary(
    v2.ClientAuthenticateRequestSchema,
    create(v2.ClientAuthenticateRequestSchema, { clientinfo, result: false, meta }),
  );
}

export function loadedRequest() {
  const broker = create(v2.BrokerInfoSchema, {
    version: "5.8.9",
    sysdescr: "EMQX",
    uptime: 1000n,
    datetime: "2026-11-25T08:00:00Z",
  });
  return toBinary(v2.ProviderLoadedRequestSchema, create(v2.ProviderLoadedRequestSchema, { broker, meta }));
}

/** The gRPC length-prefixed frame: 1 byte compressed flag, 4 bytes big-endian length, the message. */
export function grpcFrame(bytes) {
  const frame = Buffer.alloc(5 + bytes.length);
  frame.writeUInt32BE(bytes.length, 1);
  frame.set(bytes, 5);
  return frame;
}

export function valuedAnswer(type, value) {
  return toBinary(
    v2.ValuedResponseSchema,
    create(v2.ValuedResponseSchema, value === undefined ? { type } : { type, value }),
  );
}

export const ResponsedType = v2.ValuedResponse_ResponsedType;

export function decodeValued(bytes) {
  return fromBinary(v2.ValuedResponseSchema, bytes);
}

export function decodeLoaded(bytes) {
  return fromBinary(v2.LoadedResponseSchema, bytes);
}

/** The two measured scenarios: the request every call sends, and what the demo contract answers to it. */
export const scenarios = [
  {
    id: "publish",
    label: "OnMessagePublish 256 B",
    path: publishPath,
    request: () => publishRequest(),
    answer: () => valuedAnswer(ResponsedType.IGNORE),
  },
  {
    id: "authenticate",
    label: "OnClientAuthenticate",
    path: authenticatePath,
    request: () => authenticateRequest("normaluser"),
    answer: () => valuedAnswer(ResponsedType.CONTINUE, { case: "boolResult", value: true }),
  },
];
