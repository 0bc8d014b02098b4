// The protobuf wire reader the compiled decoders call: varints, fixed-width numbers, strings, bytes, skipping.
//
// Every method throws on input it cannot read; the compiled decoder then hands the whole input to protobuf-es's
// fromBinary, so malformed input fails (or is tolerated) exactly as it would there.

import { protoInt64 } from "@bufbuild/protobuf";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const scratch = new DataView(new ArrayBuffer(8));

/** Strings up to this many bytes are tried as ASCII in JS before asking TextDecoder (its call costs more). */
const ASCII_FAST_PATH_BYTES = 64;

/**
 * Node's Buffer turns a byte range into a Latin-1 string natively, in one allocation: for bytes below 0x80 that
 * is the ASCII text. The gRPC server decodes from a Buffer. Built in JS one character at a time, the strings of
 * the bench's 256-byte publish request allocated 3 of the 4.4 KB its decoding cost (1.3 KB this way; V8's
 * sampling heap profiler at 8x16, and 300,000 decodes in process: same CPU).
 */
const latin1Slice = (
  Buffer.prototype as { latin1Slice?: (this: Buffer, start: number, end: number) => string }
).latin1Slice;

/** Thrown for anything the fast path does not read; never escapes a compiled decoder. */
export class UnreadableInput extends Error {}

/**
 * Thrown when an input goes past a decoder's limits (see `DecodeLimits`): it escapes the decoder, without the
 * protobuf-es fallback, so a pathological input costs little to refuse.
 */
export class DecodeLimitExceeded extends RangeError {
  override readonly name = "DecodeLimitExceeded";
}

export interface UnknownField {
  no: number;
  wireType: number;
  data: Uint8Array;
}

export class Reader {
  pos = 0;
  /** Low and high 32 bits of the last varint64(). */
  lo = 0;
  hi = 0;
  depth = 0;
  readonly len: number;
  /** How many more unknown fields may be kept. */
  unknownLeft: number;

  constructor(
    readonly buf: Uint8Array,
    readonly maxUnknownFields = Number.POSITIVE_INFINITY,
  ) {
    this.len = buf.length;
    this.unknownLeft = maxUnknownFields;
  }

  /** A tag whose first byte has the continuation bit set (the generated code reads one-byte tags itself). */
  tag(): number {
    const tag = this.uint32();
    if (tag >>> 3 === 0 || (tag & 7) > 5) throw new UnreadableInput("illegal tag");
    return tag;
  }

  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++]!;
    if (b < 0x80 && pos <= this.len) {
      this.pos = pos;
      return b;
    }
    let result = b & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      b = buf[pos++]!;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) return this.endVarint(pos, result >>> 0);
    }
    b = buf[pos++]!;
    result |= (b & 0x0f) << 28;
    // Bits past 32 (negative int32 values are sent as 10-byte varints) are dropped, like protobuf-es does.
    for (let i = 5; b >= 0x80 && i < 10; i++) b = buf[pos++]!;
    if (b >= 0x80) throw new UnreadableInput("invalid varint");
    return this.endVarint(pos, result >>> 0);
  }

  private endVarint(pos: number, value: number): number {
    // Past the end, buf[i] is undefined and undefined >= 0x80 is false: the loops stop, the check catches it.
    if (pos > this.len) throw new UnreadableInput("premature EOF");
    this.pos = pos;
    return value;
  }

  /** Reads a varint of up to 64 bits into lo/hi. */
  varint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.endVarint64(pos, lo, hi);
        return;
      }
    }
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x70) >> 4;
    if (b < 0x80) {
      this.endVarint64(pos, lo, hi);
      return;
    }
    for (let shift = 3; shift <= 31; shift += 7) {
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.endVarint64(pos, lo, hi);
        return;
      }
    }
    throw new UnreadableInput("invalid varint");
  }

  private endVarint64(pos: number, lo: number, hi: number): void {
    if (pos > this.len) throw new UnreadableInput("premature EOF");
    this.pos = pos;
    this.lo = lo;
    this.hi = hi;
  }

  int32(): number {
    return this.uint32() | 0;
  }

  sint32(): number {
    const z = this.uint32();
    return (z >>> 1) ^ -(z & 1);
  }

  bool(): boolean {
    const b = this.buf[this.pos];
    if (b === 0 || b === 1) {
      this.pos++;
      return b === 1;
    }
    this.varint64();
    return this.lo !== 0 || this.hi !== 0;
  }

  int64(): bigint {
    this.varint64();
    return this.hi === 0 ? BigInt(this.lo >>> 0) : protoInt64.dec(this.lo, this.hi);
  }

  uint64(): bigint {
    this.varint64();
    return this.hi === 0 ? BigInt(this.lo >>> 0) : protoInt64.uDec(this.lo, this.hi);
  }

  sint64(): bigint {
    this.varint64();
    const sign = -(this.lo & 1);
    const lo = ((this.lo >>> 1) | ((this.hi & 1) << 31)) ^ sign;
    const hi = (this.hi >>> 1) ^ sign;
    return protoInt64.dec(lo, hi);
  }

  private fixed(bytes: number): void {
    const pos = this.pos;
    if (pos + bytes > this.len) throw new UnreadableInput("premature EOF");
    for (let i = 0; i < bytes; i++) scratch.setUint8(i, this.buf[pos + i]!);
    this.pos = pos + bytes;
  }

  fixed32(): number {
    this.fixed(4);
    return scratch.getUint32(0, true);
  }

  sfixed32(): number {
    this.fixed(4);
    return scratch.getInt32(0, true);
  }

  fixed64(): bigint {
    this.fixed(8);
    return scratch.getBigUint64(0, true);
  }

  sfixed64(): bigint {
    this.fixed(8);
    return scratch.getBigInt64(0, true);
  }

  float(): number {
    this.fixed(4);
    return scratch.getFloat32(0, true);
  }

  double(): number {
    this.fixed(8);
    return scratch.getFloat64(0, true);
  }

  /** Reads a length prefix and returns where the length-delimited value ends. */
  delimited(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > this.len) throw new UnreadableInput("premature EOF");
    return end;
  }

  /** A view into the input, like protobuf-es (no copy): the caller must not reuse the input buffer. */
  bytes(): Uint8Array {
    const end = this.delimited();
    const start = this.pos;
    this.pos = end;
    return this.buf.subarray(start, end);
  }

  string(): string {
    const end = this.delimited();
    const buf = this.buf;
    const start = this.pos;
    this.pos = end;
    if (end - start <= ASCII_FAST_PATH_BYTES) {
      if (latin1Slice !== undefined && buf instanceof Buffer) {
        for (let i = start; i < end; i++) {
          if (buf[i]! >= 0x80) return strictUtf8.decode(buf.subarray(start, end));
        }
        return latin1Slice.call(buf, start, end);
      }
      let text = "";
      for (let i = start; i < end; i++) {
        const c = buf[i]!;
        if (c >= 0x80) return strictUtf8.decode(buf.subarray(start, end));
        text += String.fromCharCode(c);
      }
      return text;
    }
    // protobuf-es validates UTF-8 for proto3 strings (fatal decoder); so do we, and TextDecoder drops a BOM alike.
    return strictUtf8.decode(buf.subarray(start, end));
  }

  /** Skips the value of an unknown field (the tag is already read) and returns its bytes, as $unknown keeps them. */
  skip(wireType: number): Uint8Array {
    const start = this.pos;
    switch (wireType) {
      case 0:
        this.varint64();
        break;
      case 1:
        this.fixed(8);
        break;
      case 2:
        this.pos = this.delimited();
        break;
      case 5:
        this.fixed(4);
        break;
      default:
        // Groups (3) and stray end-group tags (4): left to protobuf-es.
        throw new UnreadableInput(`wire type ${wireType} is not read by the fast path`);
    }
    return this.buf.subarray(start, this.pos);
  }

  /** Keeps an unknown field the way protobuf-es does (`$unknown`), so re-encoding writes it back. */
  unknown(list: UnknownField[] | undefined, tag: number): UnknownField[] {
    // Each kept field costs an object and a view (about a microsecond): a megabyte of two-byte unknown
    // fields once took half a second to decode.
    if (--this.unknownLeft < 0) {
      throw new DecodeLimitExceeded(`more than ${this.maxUnknownFields} unknown fields`);
    }
    const no = tag >>> 3;
    const wireType = tag & 7;
    if (no === 0 || wireType > 5) throw new UnreadableInput("illegal tag");
    const data = this.skip(wireType);
    const fields = list ?? [];
    fields.push({ no, wireType, data });
    return fields;
  }
}
