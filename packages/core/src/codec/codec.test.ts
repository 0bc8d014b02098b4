import {
  create,
  type DescMessage,
  equals,
  fromBinary,
  type Message,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { adminV1, healthV1, v1, v2, v3 } from "@exhook/proto";
import { describe, expect, it } from "vitest";
import { compileDecoder, isCompiledCodec } from "./decoder.js";
import { compileEncoder, unsupportedEncoding } from "./encoder.js";
import { unsupportedFeature } from "./support.js";
import { randomMessage, seededRandom } from "./test-support/random-message.js";

const MESSAGES_PER_SCHEMA = 25;

function messageSchemas(): DescMessage[] {
  const schemas = new Map<string, DescMessage>();
  for (const module of [v1, v2, v3, healthV1, adminV1]) {
    for (const value of Object.values(module)) {
      const desc = value as { kind?: string; typeName?: string };
      if (desc.kind === "message") schemas.set(desc.typeName!, value as DescMessage);
    }
  }
  return [...schemas.values()];
}

const schemas = messageSchemas();

/** Same keys in the same order at every level: what gives decoded objects protobuf-es's hidden classes. */
function keyOrder(value: unknown): unknown {
  if (value instanceof Uint8Array || typeof value !== "object" || value === null) return typeof value;
  if (Array.isArray(value)) return value.map(keyOrder);
  return Object.entries(value).map(([key, item]) => [key, keyOrder(item)]);
}

/** What protobuf-es does with `bytes`: its message, or the message of the error it throws. */
function reference(schema: DescMessage, bytes: Uint8Array): { message?: Message; error?: string } {
  try {
    return { message: fromBinary(schema, bytes) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function ours(
  decode: (bytes: Uint8Array) => Message,
  bytes: Uint8Array,
): { message?: Message; error?: string } {
  try {
    return { message: decode(bytes) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function expectSameDecoding<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array): MessageShape<Desc> {
  const expected = fromBinary(schema, bytes);
  const actual = compileDecoder(schema)(bytes);
  expect(actual).toStrictEqual(expected);
  expect(equals(schema, actual, expected)).toBe(true);
  expect(keyOrder(actual)).toStrictEqual(keyOrder(expected));
  return actual;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const sample = create(v2.MessagePublishRequestSchema, {
  message: {
    node: "emqx@127.0.0.1",
    id: "0005F2A1B2C3D4E5",
    qos: 1,
    from: "sensor-17",
    topic: "sensors/17/temperature",
    payload: new Uint8Array(256).fill(7),
    timestamp: 1_700_000_000_000n,
    headers: { username: "dev", peerhost: "127.0.0.1", protocol: "mqtt" },
  },
  meta: { node: "emqx@127.0.0.1", version: "5.8.0", sysdescr: "EMQX", clusterName: "emqxcl" },
});
const sampleBytes = toBinary(v2.MessagePublishRequestSchema, sample);

describe("compiled codec", () => {
  it("covers every ExHook, health and admin message, or says why it falls back", () => {
    const fallbacks = schemas.filter((schema) => unsupportedFeature(schema) !== undefined);
    for (const schema of schemas) {
      const supported = unsupportedFeature(schema) === undefined;
      expect(isCompiledCodec(compileDecoder(schema)), schema.typeName).toBe(supported);
      expect(isCompiledCodec(compileEncoder(schema)), schema.typeName).toBe(
        unsupportedEncoding(schema) === undefined,
      );
    }
    // The hot-path types are all compiled.
    for (const schema of [
      v2.MessagePublishRequestSchema,
      v2.ValuedResponseSchema,
      v3.MessagePublishRequestSchema,
    ]) {
      expect(isCompiledCodec(compileDecoder(schema))).toBe(true);
      expect(isCompiledCodec(compileEncoder(schema))).toBe(true);
    }
    expect(fallbacks.length).toBeLessThan(schemas.length);
  });

  for (const schema of schemas) {
    it(`decodes and encodes random ${schema.typeName} exactly like protobuf-es`, () => {
      const decode = compileDecoder(schema);
      const encode = compileEncoder(schema);
      const random = seededRandom(schema.typeName.length * 7919 + schema.fields.length);
      for (let i = 0; i < MESSAGES_PER_SCHEMA; i++) {
        const message = randomMessage(schema, random);
        const bytes = toBinary(schema, message);
        expect(encode(message)).toStrictEqual(bytes);
        const expected = fromBinary(schema, bytes);
        const actual = decode(bytes);
        expect(actual).toStrictEqual(expected);
        // equals() follows IEEE for doubles (NaN is not NaN): compare with what two fromBinary results give.
        expect(equals(schema, actual, expected)).toBe(equals(schema, expected, fromBinary(schema, bytes)));
        expect(keyOrder(actual)).toStrictEqual(keyOrder(expected));
        // The gRPC server decodes from a Buffer, whose strings take a native path: the same message.
        const fromBuffer = decode(Buffer.from(bytes));
        expect(equals(schema, fromBuffer, expected)).toBe(
          equals(schema, expected, fromBinary(schema, bytes)),
        );
        expect(keyOrder(fromBuffer)).toStrictEqual(keyOrder(expected));
        // Decoded messages encode alike too (a BOM or lone surrogate does not survive the round trip in either).
        expect(encode(actual)).toStrictEqual(toBinary(schema, actual));
      }
    });
  }

  it("decodes the 409-byte publish request of the benchmark like fromBinary", () => {
    const decoded = expectSameDecoding(v2.MessagePublishRequestSchema, sampleBytes);
    expect(decoded.message?.payload).toStrictEqual(new Uint8Array(256).fill(7));
  });

  it("hands bytes fields out as views into the input, as fromBinary does", () => {
    const decoded = compileDecoder(v2.MessagePublishRequestSchema)(sampleBytes);
    expect(decoded.message?.payload.buffer).toBe(sampleBytes.buffer);
  });

  it("skips unknown fields of every wire type and keeps them for re-encoding", () => {
    const unknown = new Uint8Array([
      // field 100 varint 300
      0xa0, 0x06, 0xac, 0x02,
      // field 101 fixed64
      0xa9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8,
      // field 102 length-delimited "hi"
      0xb2, 0x06, 2, 0x68, 0x69,
      // field 103 fixed32
      0xbd, 0x06, 9, 8, 7, 6,
    ]);
    const bytes = concat(sampleBytes, unknown);
    const decoded = expectSameDecoding(v2.MessagePublishRequestSchema, bytes);
    expect(decoded.$unknown?.map((field) => field.no)).toStrictEqual([100, 101, 102, 103]);
    expect(compileEncoder(v2.MessagePublishRequestSchema)(decoded)).toStrictEqual(bytes);
    // Also inside a nested message (field 1 = Message, length-delimited).
    const inner = toBinary(v2.MessageSchema, sample.message!);
    const nested = concat(new Uint8Array([0x0a, inner.length + unknown.length, 0x01]), inner, unknown);
    expectSameDecoding(v2.MessagePublishRequestSchema, nested);
  });

  it("leaves groups to protobuf-es, with the same result", () => {
    // field 100 start group, field 1 varint 5, field 100 end group
    const bytes = concat(sampleBytes, new Uint8Array([0xa3, 0x06, 0x08, 0x05, 0xa4, 0x06]));
    expectSameDecoding(v2.MessagePublishRequestSchema, bytes);
  });

  it("merges a singular message field that occurs twice, last scalar wins", () => {
    const first = toBinary(
      v2.MessagePublishRequestSchema,
      create(v2.MessagePublishRequestSchema, { message: { topic: "a", qos: 1, headers: { x: "1" } } }),
    );
    const second = toBinary(
      v2.MessagePublishRequestSchema,
      create(v2.MessagePublishRequestSchema, { message: { topic: "b", from: "c", headers: { y: "2" } } }),
    );
    const decoded = expectSameDecoding(v2.MessagePublishRequestSchema, concat(first, second));
    expect(decoded.message).toMatchObject({ topic: "b", from: "c", qos: 1, headers: { x: "1", y: "2" } });
  });

  it("merges a message in a oneof that occurs twice", () => {
    const schema = v2.ValuedResponseSchema;
    const a = toBinary(schema, create(schema, { value: { case: "message", value: { topic: "a", qos: 2 } } }));
    const b = toBinary(schema, create(schema, { value: { case: "message", value: { from: "b" } } }));
    const decoded = expectSameDecoding(schema, concat(a, b));
    expect(decoded.value).toMatchObject({ case: "message", value: { topic: "a", qos: 2, from: "b" } });
  });

  it("throws on truncated input wherever it is cut, like fromBinary", () => {
    const decode = compileDecoder(v2.MessagePublishRequestSchema);
    let thrown = 0;
    for (let cut = 1; cut < sampleBytes.length; cut++) {
      const bytes = sampleBytes.subarray(0, cut);
      const expected = reference(v2.MessagePublishRequestSchema, bytes);
      const actual = ours(decode, bytes);
      expect(actual).toStrictEqual(expected);
      if (actual.error !== undefined) thrown++;
    }
    expect(thrown).toBeGreaterThan(sampleBytes.length / 2);
    expect(() => decode(sampleBytes.subarray(0, sampleBytes.length - 1))).toThrow(Error);
  });

  it("answers malformed input (bad varints, wrong wire types, bad UTF-8) as fromBinary does", () => {
    const schema = v2.MessagePublishRequestSchema;
    const decode = compileDecoder(schema);
    const cases = [
      new Uint8Array([0x0a, 0x05, 0x12, 0x03, 0xff, 0xfe, 0xfd]), // message.id with invalid UTF-8
      new Uint8Array([0x08, 0x01]), // field 1 (a message) as a varint
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // endless varint tag
      new Uint8Array([0x00]), // field number 0
      new Uint8Array([0x0a, 0x80]), // truncated length
    ];
    for (const bytes of cases) {
      const expected = reference(schema, bytes);
      expect(ours(decode, bytes)).toStrictEqual(expected);
    }
    expect(() => decode(cases[0]!)).toThrow();
  });

  it("falls back to toBinary for values it does not take, with the same outcome", () => {
    const schema = v2.ValuedResponseSchema;
    const encode = compileEncoder(schema);
    const plain = { $typeName: schema.typeName, type: 0, value: { case: "bool_result", value: true } };
    expect(encode(plain as never)).toStrictEqual(toBinary(schema, plain as never));
    const wrongType = { $typeName: "not.It", type: 0, value: { case: undefined } };
    expect(() => encode(wrongType as never)).toThrow();
    expect(() => toBinary(schema, wrongType as never)).toThrow();
  });
});
