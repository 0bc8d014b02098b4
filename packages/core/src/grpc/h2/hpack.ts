// HPACK decoding (RFC 7541): static and dynamic table, integers, string literals, Huffman. The server never
// encodes with a dynamic table (answers are constant blocks of static indexes and literals without
// indexing, see header-block.ts), so only the decoder is here.
import { huffmanCodeLengths } from "./huffman-lengths.js";

/** Anything malformed in a header block: the connection's decoding state is lost (COMPRESSION_ERROR). */
export class HpackError extends Error {}

/** RFC 7541 Appendix A, index 1 to 61 (name, value). */
const staticTable: readonly (readonly [string, string])[] = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ["accept-language", ""],
  ["accept-ranges", ""],
  ["accept", ""],
  ["access-control-allow-origin", ""],
  ["age", ""],
  ["allow", ""],
  ["authorization", ""],
  ["cache-control", ""],
  ["content-disposition", ""],
  ["content-encoding", ""],
  ["content-language", ""],
  ["content-length", ""],
  ["content-location", ""],
  ["content-range", ""],
  ["content-type", ""],
  ["cookie", ""],
  ["date", ""],
  ["etag", ""],
  ["expect", ""],
  ["expires", ""],
  ["from", ""],
  ["host", ""],
  ["if-match", ""],
  ["if-modified-since", ""],
  ["if-none-match", ""],
  ["if-range", ""],
  ["if-unmodified-since", ""],
  ["last-modified", ""],
  ["link", ""],
  ["location", ""],
  ["max-forwards", ""],
  ["proxy-authenticate", ""],
  ["proxy-authorization", ""],
  ["range", ""],
  ["referer", ""],
  ["refresh", ""],
  ["retry-after", ""],
  ["server", ""],
  ["set-cookie", ""],
  ["strict-transport-security", ""],
  ["transfer-encoding", ""],
  ["user-agent", ""],
  ["vary", ""],
  ["via", ""],
  ["www-authenticate", ""],
];
const STATIC_COUNT = staticTable.length;
const staticNames = staticTable.map((entry) => entry[0]);
const staticValues = staticTable.map((entry) => entry[1]);
/** RFC 7541 4.1: an entry's size is its name and value octets plus 32. */
const ENTRY_OVERHEAD = 32;

interface HuffmanMachine {
  /** (state * 16 + nibble) → the next state. */
  readonly next: Uint16Array;
  /** (state * 16 + nibble) → the symbol decoded on the way, -1 none, -2 EOS (an error). */
  readonly emit: Int16Array;
  /** 1 where a string may end: on the all-ones path, at most 7 bits deep (the padding). */
  readonly accept: Uint8Array;
}

const NONE = -0x7fffffff;

/**
 * The Huffman decoder as a state machine over 4-bit nibbles: a state is an inner node of the code tree, and
 * one nibble finishes at most one symbol (no code is shorter than 5 bits). Built once from the canonical
 * code lengths: codes of one length are consecutive in symbol order.
 */
function buildHuffman(): HuffmanMachine {
  const length = (symbol: number) => huffmanCodeLengths[symbol]!;
  const symbols = Array.from({ length: 257 }, (_, i) => i).sort((a, b) => length(a) - length(b) || a - b);
  // Inner nodes: children (>= 0 an inner node, < 0 the leaf ~symbol), depth, whether the path is all ones.
  const zero = [NONE];
  const one = [NONE];
  const depth = [0];
  const allOnes = [true];
  let code = 0;
  let bits = length(symbols[0]!);
  for (const symbol of symbols) {
    const size = length(symbol);
    code *= 2 ** (size - bits);
    bits = size;
    let node = 0;
    for (let i = size - 1; i >= 0; i--) {
      const bit = Math.floor(code / 2 ** i) % 2;
      const children = bit === 0 ? zero : one;
      if (i === 0) {
        children[node] = ~symbol;
        break;
      }
      if (children[node] === NONE) {
        children[node] = zero.length;
        zero.push(NONE);
        one.push(NONE);
        depth.push(depth[node]! + 1);
        allOnes.push(allOnes[node]! && bit === 1);
      }
      node = children[node]!;
    }
    code += 1;
  }
  // A complete prefix code fills the 30-bit space exactly: anything else means the table is wrong.
  if (code !== 2 ** 30) throw new Error("HPACK Huffman code lengths do not form a complete code");
  const states = zero.length;
  const next = new Uint16Array(states * 16);
  const emit = new Int16Array(states * 16);
  const accept = new Uint8Array(states);
  for (let state = 0; state < states; state++) {
    accept[state] = allOnes[state]! && depth[state]! <= 7 ? 1 : 0;
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state;
      let out = -1;
      for (let i = 3; i >= 0; i--) {
        const child = ((nibble >> i) & 1) === 0 ? zero[node]! : one[node]!;
        if (child >= 0) {
          node = child;
          continue;
        }
        const symbol = ~child;
        node = 0;
        if (symbol === 256) {
          out = -2;
          break;
        }
        out = symbol;
      }
      next[state * 16 + nibble] = node;
      emit[state * 16 + nibble] = out;
    }
  }
  return { next, emit, accept };
}

const huffman = buildHuffman();

/** One connection's HPACK decoding context (its dynamic table). */
export class HpackDecoder {
  /** The dynamic table, oldest first: dynamic index 1 is the last element. */
  readonly #names: string[] = [];
  readonly #values: string[] = [];
  #size = 0;
  #maxSize: number;
  /** The largest size an update may ask for: our SETTINGS_HEADER_TABLE_SIZE. */
  readonly #limit: number;
  readonly #maxListBytes: number;
  #pos = 0;
  #scratch = Buffer.allocUnsafe(1024);

  constructor(tableLimit: number, maxListBytes: number) {
    this.#maxSize = tableLimit;
    this.#limit = tableLimit;
    this.#maxListBytes = maxListBytes;
  }

  /**
   * Decodes one complete header block into `out` as name, value, name, value, ...; throws HpackError on
   * anything malformed.
   */
  decode(buf: Buffer, start: number, end: number, out: string[]): void {
    this.#pos = start;
    let listBytes = 0;
    let fields = false;
    while (this.#pos < end) {
      const b = buf[this.#pos]!;
      let name: string;
      let value: string;
      if (b >= 0x80) {
        const index = this.#integer(buf, end, 7);
        if (index === 0) throw new HpackError("indexed field 0");
        name = this.#name(index);
        value = this.#value(index);
      } else if (b >= 0x40) {
        const index = this.#integer(buf, end, 6);
        name = index === 0 ? this.#string(buf, end) : this.#name(index);
        value = this.#string(buf, end);
        this.#add(name, value);
      } else if (b >= 0x20) {
        if (fields) throw new HpackError("a table size update after a field");
        const size = this.#integer(buf, end, 5);
        if (size > this.#limit) throw new HpackError("a table size update above the limit");
        this.#maxSize = size;
        this.#evict(0);
        continue;
      } else {
        // Literal without indexing (0000) or never indexed (0001): the table stays as it is.
        const index = this.#integer(buf, end, 4);
        name = index === 0 ? this.#string(buf, end) : this.#name(index);
        value = this.#string(buf, end);
      }
      fields = true;
      listBytes += name.length + value.length + ENTRY_OVERHEAD;
      if (listBytes > this.#maxListBytes) throw new HpackError("header list too large");
      out.push(name, value);
    }
  }

  #name(index: number): string {
    if (index <= STATIC_COUNT) return staticNames[index - 1]!;
    const name = this.#names[this.#names.length - (index - STATIC_COUNT)];
    if (name === undefined) throw new HpackError(`index ${index} beyond the table`);
    return name;
  }

  #value(index: number): string {
    if (index <= STATIC_COUNT) return staticValues[index - 1]!;
    const value = this.#values[this.#values.length - (index - STATIC_COUNT)];
    if (value === undefined) throw new HpackError(`index ${index} beyond the table`);
    return value;
  }

  #add(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD;
    if (size > this.#maxSize) {
      // RFC 7541 4.4: an entry larger than the table empties it and is not added.
      this.#names.length = 0;
      this.#values.length = 0;
      this.#size = 0;
      return;
    }
    this.#evict(size);
    this.#names.push(name);
    this.#values.push(value);
    this.#size += size;
  }

  /** Drops the oldest entries until `room` more octets fit. */
  #evict(room: number): void {
    let drop = 0;
    let size = this.#size;
    while (size + room > this.#maxSize && drop < this.#names.length) {
      size -= this.#names[drop]!.length + this.#values[drop]!.length + ENTRY_OVERHEAD;
      drop++;
    }
    if (drop > 0) {
      this.#names.splice(0, drop);
      this.#values.splice(0, drop);
    }
    this.#size = size;
  }

  #integer(buf: Buffer, end: number, prefixBits: number): number {
    const mask = (1 << prefixBits) - 1;
    let value = buf[this.#pos++]! & mask;
    if (value < mask) return value;
    let shift = 0;
    for (;;) {
      if (this.#pos >= end) throw new HpackError("truncated integer");
      const b = buf[this.#pos++]!;
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return value;
      // Nothing legitimate needs more than 4 continuation bytes (2^28): more is an attack on the decoder.
      if (shift > 21) throw new HpackError("integer too long");
    }
  }

  #string(buf: Buffer, end: number): string {
    if (this.#pos >= end) throw new HpackError("truncated string");
    const huffmanCoded = buf[this.#pos]! >= 0x80;
    const length = this.#integer(buf, end, 7);
    const start = this.#pos;
    if (length > end - start) throw new HpackError("a string beyond the block");
    this.#pos = start + length;
    if (!huffmanCoded) return buf.toString("latin1", start, start + length);
    return this.#huffman(buf, start, start + length);
  }

  #huffman(buf: Buffer, start: number, end: number): string {
    // Every symbol takes at least 5 bits: at most 8 output bytes per 5 input bytes.
    const most = Math.ceil(((end - start) * 8) / 5);
    if (this.#scratch.length < most) {
      this.#scratch = Buffer.allocUnsafe(Math.max(most, this.#scratch.length * 2));
    }
    const out = this.#scratch;
    const { next, emit, accept } = huffman;
    let n = 0;
    let state = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      let t = state * 16 + (b >> 4);
      let symbol = emit[t]!;
      if (symbol !== -1) {
        if (symbol === -2) throw new HpackError("EOS inside a Huffman string");
        out[n++] = symbol;
      }
      state = next[t]!;
      t = state * 16 + (b & 15);
      symbol = emit[t]!;
      if (symbol !== -1) {
        if (symbol === -2) throw new HpackError("EOS inside a Huffman string");
        out[n++] = symbol;
      }
      state = next[t]!;
    }
    if (accept[state] === 0) throw new HpackError("bad Huffman padding");
    return out.toString("latin1", 0, n);
  }
}
