// What the code generators need to know about each protobuf scalar type: wire type, zero value, reader/writer.

import { ScalarType } from "@bufbuild/protobuf";

export interface ScalarInfo {
  /** The wire type of one unpacked value. */
  readonly wireType: number;
  /** The Reader / Writer method of this type. */
  readonly method: string;
  /** Source of the proto3 zero value. */
  readonly zero: string;
  /** Repeated fields of this type may be packed. */
  readonly packable: boolean;
  /** Source of a check that `v` is a value the writer takes (anything else goes to protobuf-es). */
  readonly valid: string;
}

const int32Valid = "(v | 0) === v";
const uint32Valid = "v >>> 0 === v";
const int64Valid = 'typeof v === "bigint" && BigInt.asIntN(64, v) === v';
const uint64Valid = 'typeof v === "bigint" && BigInt.asUintN(64, v) === v';
const float32Valid = 'typeof v === "number" && !(Math.abs(v) > 3.4028234663852886e38 && Number.isFinite(v))';

const table: Record<ScalarType, ScalarInfo> = {
  [ScalarType.DOUBLE]: info(1, "double", "0", true, 'typeof v === "number"'),
  [ScalarType.FLOAT]: info(5, "float", "0", true, float32Valid),
  [ScalarType.INT64]: info(0, "int64", "0n", true, int64Valid),
  [ScalarType.UINT64]: info(0, "uint64", "0n", true, uint64Valid),
  [ScalarType.INT32]: info(0, "int32", "0", true, int32Valid),
  [ScalarType.FIXED64]: info(1, "fixed64", "0n", true, uint64Valid),
  [ScalarType.FIXED32]: info(5, "fixed32", "0", true, uint32Valid),
  [ScalarType.BOOL]: info(0, "bool", "false", true, 'typeof v === "boolean"'),
  [ScalarType.STRING]: info(2, "string", '""', false, 'typeof v === "string"'),
  [ScalarType.BYTES]: info(2, "bytes", "new Uint8Array(0)", false, "v instanceof Uint8Array"),
  [ScalarType.UINT32]: info(0, "uint32", "0", true, uint32Valid),
  [ScalarType.SFIXED32]: info(5, "sfixed32", "0", true, int32Valid),
  [ScalarType.SFIXED64]: info(1, "sfixed64", "0n", true, int64Valid),
  [ScalarType.SINT32]: info(0, "sint32", "0", true, int32Valid),
  [ScalarType.SINT64]: info(0, "sint64", "0n", true, int64Valid),
};

function info(wireType: number, method: string, zero: string, packable: boolean, valid: string): ScalarInfo {
  return { wireType, method, zero, packable, valid };
}

export function scalarInfo(type: ScalarType): ScalarInfo {
  return table[type];
}

/** Writer method names that differ from the reader's (the writer encodes signed and unsigned alike). */
export function writerMethod(type: ScalarType): string {
  switch (type) {
    case ScalarType.UINT64:
      return "int64";
    case ScalarType.SFIXED64:
      return "fixed64";
    default:
      return table[type].method;
  }
}

/** `.name` when `name` is a plain identifier, else `["name"]`: property access in generated source. */
export function prop(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** The bytes of a varint-encoded tag, as generated `w.byte(…)` calls. */
export function tagBytes(fieldNo: number, wireType: number): number[] {
  let tag = ((fieldNo << 3) | wireType) >>> 0;
  const bytes: number[] = [];
  while (tag > 0x7f) {
    bytes.push((tag & 0x7f) | 0x80);
    tag >>>= 7;
  }
  bytes.push(tag);
  return bytes;
}

export function tagOf(fieldNo: number, wireType: number): number {
  return ((fieldNo << 3) | wireType) >>> 0;
}
