// The protobuf wire writer the compiled encoders call: one growing scratch buffer, copied out per message.
//
// Length-delimited values reserve one length byte and move their content when the length needs more, so the
// output has minimal length prefixes like protobuf-es's and is byte-identical to toBinary.

import type { UnknownField } from "./reader.js";

const INITIAL_BYTES = 4096;
/** A scratch buffer grown past this (by one huge answer) is dropped after use rather than kept for good. */
const KEEP_BYTES = 1024 * 1024;
const scratch = new DataView(new ArrayBuffer(8));

export class Writer {
  buf: Uint8Array = new Uint8Array(INITIAL_BYTES);
  /** A Buffer over the same memory, for its UTF-8 writer. */
  text: Buffer = Buffer.from(this.buf.buffer, 0, INITIAL_BYTES);
  pos = 0;

  /** Makes room for `bytes` more bytes. */
  ensure(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.grow(bytes);
  }

  private grow(bytes: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const buf = new Uint8Array(size);
    buf.set(this.buf.subarray(0, this.pos));
    this.buf = buf;
    this.text = Buffer.from(buf.buffer, 0, size);
  }

  /** A copy of what was written; the scratch buffer is reused by the next message. */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    if (this.buf.length > KEEP_BYTES) {
      this.buf = new Uint8Array(INITIAL_BYTES);
      this.text = Buffer.from(this.buf.buffer, 0, INITIAL_BYTES);
    }
    return out;
  }

  byte(value: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = value;
  }

  /** An unsigned 32-bit varint; the caller has checked the value. */
  uint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (value > 0x7f) {
      buf[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  /** A signed 32-bit varint: negative values take ten bytes, as the wire format wants. */
  int32(value: number): void {
    if (value >= 0) this.uint32(value);
    else this.varint64(value, -1);
  }

  sint32(value: number): void {
    this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  bool(value: boolean): void {
    this.byte(value ? 1 : 0);
  }

  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    lo >>>= 0;
    hi >>>= 0;
    while (hi !== 0 || lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  /** int64 and uint64 (the caller has checked the range): two's complement, as a varint. */
  int64(value: bigint): void {
    if (value >= 0n && value <= 0x7fffffffn) {
      this.uint32(Number(value));
      return;
    }
    scratch.setBigInt64(0, value, true);
    this.varint64(scratch.getInt32(0, true), scratch.getInt32(4, true));
  }

  sint64(value: bigint): void {
    scratch.setBigInt64(0, value, true);
    const lo = scratch.getInt32(0, true);
    const hi = scratch.getInt32(4, true);
    const sign = hi >> 31;
    this.varint64((lo << 1) ^ sign, ((hi << 1) | (lo >>> 31)) ^ sign);
  }

  private fixed(bytes: number): void {
    this.ensure(bytes);
    for (let i = 0; i < bytes; i++) this.buf[this.pos++] = scratch.getUint8(i);
  }

  fixed32(value: number): void {
    scratch.setUint32(0, value, true);
    this.fixed(4);
  }

  sfixed32(value: number): void {
    scratch.setInt32(0, value, true);
    this.fixed(4);
  }

  fixed64(value: bigint): void {
    scratch.setBigInt64(0, value, true);
    this.fixed(8);
  }

  float(value: number): void {
    scratch.setFloat32(0, value, true);
    this.fixed(4);
  }

  double(value: number): void {
    scratch.setFloat64(0, value, true);
    this.fixed(8);
  }

  /** Starts a length-delimited value: reserves one length byte and returns where it is. */
  fork(): number {
    const start = this.pos;
    this.byte(0);
    return start;
  }

  /** Ends the value started at `start`, writing its length (moving the content if it needs more bytes). */
  join(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    const extra = length < 1 << 14 ? 1 : length < 1 << 21 ? 2 : length < 1 << 28 ? 3 : 4;
    this.ensure(extra);
    const buf = this.buf;
    buf.copyWithin(start + 1 + extra, start + 1, this.pos);
    this.pos += extra;
    let value = length;
    let pos = start;
    while (value > 0x7f) {
      buf[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[pos] = value;
  }

  string(value: string): void {
    const length = value.length;
    if (length < 0x80) {
      // Short and ASCII (the common case): one length byte, one byte per char, no call into C++.
      const start = this.pos;
      this.ensure(length + 1);
      const buf = this.buf;
      let pos = start + 1;
      let i = 0;
      for (; i < length; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos++] = c;
      }
      if (i === length) {
        buf[start] = length;
        this.pos = pos;
        return;
      }
    }
    // Buffer#write replaces lone surrogates with U+FFFD like TextEncoder, which protobuf-es uses.
    const start = this.fork();
    this.ensure(length * 3);
    this.pos += this.text.write(value, this.pos, "utf8");
    this.join(start);
  }

  bytes(value: Uint8Array): void {
    const length = value.length;
    this.uint32(length);
    this.raw(value);
  }

  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  unknown(fields: readonly UnknownField[]): void {
    for (const { no, wireType, data } of fields) {
      this.uint32(((no << 3) | wireType) >>> 0);
      this.raw(data);
    }
  }
}

/** The one writer every compiled encoder uses: encoding is synchronous, so calls never interleave. */
export const sharedWriter = new Writer();
