// The field numbers below are typed in from the ExHook wire tables, independently of the .proto files:
// each field is decoded from hand-built bytes, so a renumbered field fails here.
import { type DescMessage, fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { v1, v2, v3 } from "./index.js";

type Expected = Record<string, Record<string, number>>;

const common: Expected = {
  ProviderLoadedRequest: { broker: 1, meta: 2 },
  ProviderUnloadedRequest: { meta: 1 },
  ClientConnectRequest: { conninfo: 1, props: 2, meta: 3 },
  ClientConnackRequest: { conninfo: 1, result_code: 2, props: 3, meta: 4 },
  ClientConnectedRequest: { clientinfo: 1, meta: 2 },
  ClientDisconnectedRequest: { clientinfo: 1, reason: 2, meta: 3 },
  ClientAuthenticateRequest: { clientinfo: 1, result: 2, meta: 3 },
  ClientSubscribeRequest: { clientinfo: 1, props: 2, topic_filters: 3, meta: 4 },
  ClientUnsubscribeRequest: { clientinfo: 1, props: 2, topic_filters: 3, meta: 4 },
  SessionCreatedRequest: { clientinfo: 1, meta: 2 },
  SessionResumedRequest: { clientinfo: 1, meta: 2 },
  SessionDiscardedRequest: { clientinfo: 1, meta: 2 },
  SessionSubscribedRequest: { clientinfo: 1, topic: 2, subopts: 3, meta: 4 },
  SessionUnsubscribedRequest: { clientinfo: 1, topic: 2, meta: 3 },
  SessionTerminatedRequest: { clientinfo: 1, reason: 2, meta: 3 },
  MessagePublishRequest: { message: 1, meta: 2 },
  MessageDeliveredRequest: { clientinfo: 1, message: 2, meta: 3 },
  MessageAckedRequest: { clientinfo: 1, message: 2, meta: 3 },
  MessageDroppedRequest: { message: 1, reason: 2, meta: 3 },
  LoadedResponse: { hooks: 1 },
  ValuedResponse: { type: 1, bool_result: 3, message: 4 },
  BrokerInfo: { version: 1, sysdescr: 2, uptime: 3, datetime: 4 },
  HookSpec: { name: 1, topics: 2 },
  ConnInfo: {
    node: 1,
    clientid: 2,
    username: 3,
    peerhost: 4,
    sockport: 5,
    proto_name: 6,
    proto_ver: 7,
    keepalive: 8,
    peerport: 9,
  },
  ClientInfo: {
    node: 1,
    clientid: 2,
    username: 3,
    password: 4,
    peerhost: 5,
    sockport: 6,
    protocol: 7,
    mountpoint: 8,
    is_superuser: 9,
    anonymous: 10,
    cn: 11,
    dn: 12,
    peerport: 13,
  },
  Message: { node: 1, id: 2, qos: 3, from: 4, topic: 5, payload: 6, timestamp: 7, headers: 8 },
  Property: { name: 1, value: 2 },
  RequestMeta: { node: 1, version: 2, sysdescr: 3, cluster_name: 4 },
};

const authorize = { clientinfo: 1, type: 2, topic: 3, result: 4, meta: 5 };

const expectedV2: Expected = {
  ...common,
  ClientAuthorizeRequest: authorize,
  SessionTakenoverRequest: { clientinfo: 1, meta: 2 },
  TopicFilter: { name: 1, qos: 2, subopts: 3 },
  SubOpts: { qos: 1, share: 2, rh: 3, rap: 4, nl: 5 },
};

const expectedV3: Expected = {
  ...expectedV2,
  ClientConnectRequest: { ...common.ClientConnectRequest, user_props: 4 },
  ClientConnackRequest: { ...common.ClientConnackRequest, user_props: 5 },
  ClientSubscribeRequest: { ...common.ClientSubscribeRequest, user_props: 5 },
  ClientUnsubscribeRequest: { ...common.ClientUnsubscribeRequest, user_props: 5 },
  MessagePublishRequest: { message: 1, meta: 2, props: 3, user_props: 4 },
  TopicFilter: { name: 1, subopts: 3 },
  SubOpts: { qos: 1, rh: 3, rap: 4, nl: 5 },
};

const { peerport: _c, ...connInfoV1 } = common.ConnInfo!;
const { peerport: _i, ...clientInfoV1 } = common.ClientInfo!;
const expectedV1: Expected = {
  ...common,
  ClientCheckAclRequest: authorize,
  SessionTakeoveredRequest: { clientinfo: 1, meta: 2 },
  ConnInfo: connInfoV1,
  ClientInfo: clientInfoV1,
  TopicFilter: { name: 1, qos: 2 },
  SubOpts: { qos: 1, share: 2, rh: 3, rap: 4, nl: 5 },
};

// --- a hand-rolled protobuf writer, independent of @bufbuild/protobuf's ---
function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const tag = (field: number, wireType: number) => varint(BigInt((field << 3) | wireType));
const lengthDelimited = (field: number, body: number[]) => [
  ...tag(field, 2),
  ...varint(BigInt(body.length)),
  ...body,
];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

/** Bytes for one field set to a recognisable non-default value, and a check that it decoded into place. */
function sample(
  schema: DescMessage,
  localName: string,
  field: number,
): { bytes: number[]; check: (m: object) => void } {
  const desc = schema.fields.find((f) => f.name === localName)!;
  const read = (m: object) => (m as Record<string, unknown>)[desc.localName];
  if (desc.fieldKind === "map") {
    const entry = [...lengthDelimited(1, utf8("k")), ...lengthDelimited(2, utf8("v"))];
    return { bytes: lengthDelimited(field, entry), check: (m) => expect(read(m)).toEqual({ k: "v" }) };
  }
  if (desc.fieldKind === "message" || (desc.fieldKind === "list" && desc.listKind === "message")) {
    // An empty sub-message still marks the field present (or adds one element to a repeated field).
    return {
      bytes: lengthDelimited(field, []),
      check: (m) => {
        const v = read(m);
        if (Array.isArray(v)) expect(v).toHaveLength(1);
        else if (desc.oneof)
          expect((m as Record<string, { case?: string }>)[desc.oneof.localName]?.case).toBe(desc.localName);
        else expect(v).toBeDefined();
      },
    };
  }
  if (desc.fieldKind === "list" && desc.listKind === "scalar") {
    return { bytes: lengthDelimited(field, utf8("x")), check: (m) => expect(read(m)).toEqual(["x"]) };
  }
  if (desc.fieldKind !== "scalar" && desc.fieldKind !== "enum")
    throw new Error(`unexpected ${desc.fieldKind}`);
  const scalar = desc.fieldKind === "enum" ? 0 : desc.scalar;
  // ScalarType: STRING=9, BYTES=12, BOOL=8, UINT32=13, INT64=3, UINT64=4; enums are varints.
  switch (scalar) {
    case 9:
      return { bytes: lengthDelimited(field, utf8("s")), check: (m) => expect(read(m)).toBe("s") };
    case 12:
      return {
        bytes: lengthDelimited(field, [1, 2]),
        check: (m) => expect(read(m)).toEqual(new Uint8Array([1, 2])),
      };
    case 8:
      return {
        bytes: [...tag(field, 0), 1],
        check: (m) => {
          if (desc.oneof)
            expect((m as Record<string, unknown>)[desc.oneof.localName]).toEqual({
              case: desc.localName,
              value: true,
            });
          else expect(read(m)).toBe(true);
        },
      };
    case 3:
    case 4:
      return { bytes: [...tag(field, 0), ...varint(300n)], check: (m) => expect(read(m)).toBe(300n) };
    default:
      return { bytes: [...tag(field, 0), ...varint(2n)], check: (m) => expect(read(m)).toBe(2) };
  }
}

type Module = Record<string, unknown>;
const versions: [string, Module, Expected][] = [
  ["v1", v1 as Module, expectedV1],
  ["v2", v2 as Module, expectedV2],
  ["v3", v3 as Module, expectedV3],
];

describe.each(versions)("%s field numbers", (_version, mod, expected) => {
  const schemas = Object.entries(mod)
    .filter(([name, v]) => name.endsWith("Schema") && (v as DescMessage).kind === "message")
    .map(([, v]) => v as DescMessage)
    .filter((d) => !d.name.endsWith("Entry"));

  it("has exactly the messages of the wire tables", () => {
    expect(
      schemas
        .map((s) => s.name)
        .filter((n) => n !== "EmptySuccess")
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });

  for (const [message, fields] of Object.entries(expected)) {
    it(`${message} decodes each field from its wire number`, () => {
      const schema = schemas.find((s) => s.name === message)!;
      expect(schema.fields.map((f) => f.name).sort()).toEqual(Object.keys(fields).sort());
      for (const [name, number] of Object.entries(fields)) {
        const { bytes, check } = sample(schema, name, number);
        check(fromBinary(schema, new Uint8Array(bytes)));
      }
    });
  }
});

it("v1 keeps the string uptime of EMQX 4 and v2 the int64 milliseconds", () => {
  const bytes = new Uint8Array(lengthDelimited(3, utf8("12 seconds")));
  expect(fromBinary(v1.BrokerInfoSchema, bytes).uptime).toBe("12 seconds");
  expect(fromBinary(v2.BrokerInfoSchema, new Uint8Array([...tag(3, 0), ...varint(5000n)])).uptime).toBe(
    5000n,
  );
});

it("ResponsedType uses the post-4.3.2 numbering", () => {
  expect(v2.ValuedResponse_ResponsedType.CONTINUE).toBe(0);
  expect(v2.ValuedResponse_ResponsedType.IGNORE).toBe(1);
  expect(v2.ValuedResponse_ResponsedType.STOP_AND_RETURN).toBe(2);
  expect(v1.ValuedResponse_ResponsedType.STOP_AND_RETURN).toBe(2);
});
