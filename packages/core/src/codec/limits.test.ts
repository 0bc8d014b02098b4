import { fromBinary } from "@bufbuild/protobuf";
import { v2 } from "@exhook/proto";
import { describe, expect, it } from "vitest";
import { compileDecoder } from "./decoder.js";
import { DecodeLimitExceeded } from "./reader.js";

/** `count` unknown varint fields (number 15, value 0), two bytes each. */
function unknownFields(count: number, first: number[] = []): Uint8Array {
  const bytes = new Uint8Array(first.length + count * 2);
  bytes.set(first);
  for (let i = first.length; i < bytes.length; i += 2) bytes[i] = (15 << 3) | 0;
  return bytes;
}

const schema = v2.MessagePublishRequestSchema;

describe("decode limits", () => {
  it("keeps unknown fields up to maxUnknownFields, as fromBinary does, and refuses more", () => {
    const decode = compileDecoder(schema, { maxUnknownFields: 10 });
    const ten = unknownFields(10);
    expect(decode(ten)).toStrictEqual(fromBinary(schema, ten));
    expect(() => decode(unknownFields(11))).toThrow(DecodeLimitExceeded);
    expect(() => decode(unknownFields(11))).toThrow("more than 10 unknown fields");
    // Counted over the whole tree: nested messages share the budget.
    const nested = new Uint8Array([0x0a, 12, ...unknownFields(6)]); // message { 6 unknown }
    const both = new Uint8Array([...nested, ...unknownFields(5)]);
    expect(() => decode(both)).toThrow(DecodeLimitExceeded);
  });

  it("refuses a large input only fromBinary would read, and still hands it small ones", () => {
    const decode = compileDecoder(schema, { maxFallbackBytes: 1024 });
    // A group (wire type 3 and its end, 4) is left to fromBinary, which skips it as unknown.
    const group = [(15 << 3) | 3, (15 << 3) | 4];
    const small = unknownFields(10, group);
    expect(decode(small)).toStrictEqual(fromBinary(schema, small));
    expect(() => decode(unknownFields(1000, group))).toThrow(DecodeLimitExceeded);
  });

  it("refuses a megabyte of unknown fields without decoding it", () => {
    const decode = compileDecoder(schema, { maxUnknownFields: 1000, maxFallbackBytes: 16 * 1024 });
    expect(() => decode(unknownFields(512 * 1024))).toThrow("more than 1000 unknown fields");
    expect(() => decode(unknownFields(512 * 1024, [(15 << 3) | 3, (15 << 3) | 4]))).toThrow(/cannot read/);
  });

  it("has no limits by default: every input decodes as with fromBinary", () => {
    const decode = compileDecoder(schema);
    const many = unknownFields(5000);
    expect(decode(many)).toStrictEqual(fromBinary(schema, many));
  });
});
