// HPACK (RFC 7541) decoding for the spike: static and dynamic table, integers, string literals, Huffman.
// The server never encodes with a dynamic table (its answers are pre-encoded blocks of static indexes and
// literals without indexing), so only the decoder is here.
import { huffmanCodeLengths } from "./huffman-lengths.mjs";

export class HpackError extends Error {}

/** RFC 7541 Appendix A: index 1..61. */
const staticTable = [
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
const staticNames = staticTable.map((e) => e[0]);
const staticValues = staticTable.map((e) => e[1]);

/**
 * The Huffman decoder as a state machine over 4-bit nibbles: a state is an inner node of the code tree;
 * each (state, nibble) gives the next state and at most one decoded symbol (no code is shorter than 5
 * bits, so one nibble can finish at most one). Built once from the canonical code lengths.
 */
const huffman = (() => {
  const symbols = [...Array(257).keys()].sort(
    (a, b) => huffmanCodeLengths[a] - huffmanCodeLengths[b] || a - b,
  );
  // Inner nodes: children (>= 0 an inner node, < 0 the leaf ~symbol), depth, whether the path is all 1s.
  const zero = [-0x7fffffff];
  const one = [-0x7fffffff];
  const depth = [0];
  const allOnes = [true];
  let code = 0;
  let length = huffmanCodeLengths[symbols[0]];
  for (const symbol of symbols) {
    const bits = huffmanCodeLengths[symbol];
    code *= 2 ** (bits - length);
    length = bits;
    let node = 0;
    for (let i = bits - 1; i >= 0; i--) {
      const bit = Math.floor(code / 2 ** i) % 2;
      const children = bit === 0 ? zero : one;
      if (i === 0) {
        children[node] = ~symbol;
        break;
      }
      if (children[node] === -0x7fffffff) {
        const created = zero.length;
        zero.push(-0x7fffffff);
        one.push(-0x7fffffff);
        depth.push(depth[node] + 1);
        allOnes.push(allOnes[node] && bit === 1);
        children[node] = created;
      }
      node = children[node];
    }
    code += 1;
  }
  // A complete code fills the 30-bit space exactly; anything else means the table is wrong.
  if (code !== 2 ** 30) throw new Error("HPACK Huffman code lengths do not form a complete code");
  const states = zero.length;
  const next = new Uint16Array(states * 16);
  // -1: nothing decoded, -2: EOS decoded (an error), else the symbol.
  const emit = new Int16Array(states * 16);
  const accept = new Uint8Array(states);
  for (let state = 0; state < states; state++) {
    // Padding is at most 7 bits, all ones: only states on the all-ones path that shallow may end a string.
    accept[state] = allOnes[state] && depth[state] <= 7 ? 1 : 0;
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state;
      let out = -1;
      for (let i = 3; i >= 0; i--) {
        const child = ((nibble >> i) & 1) === 0 ? zero[node] : one[node];
        if (child === -0x7fffffff) throw new Error("HPACK Huffman tree has a hole");
        if (child < 0) {
          const symbol = ~child;
          out = symbol === 256 ? -2 : symbol;
          node = 0;
          if (out === -2) break;
        } else node = child;
      }
      next[state * 16 + nibble] = node;
      emit[state * 16 + nibble] = out;
    }
  }
  return { next, emit, accept };
})();

/** One connection's HPACK decoding context. */
export class HpackDecoder {
  /** Dynamic table, oldest first: dynamic index 1 is the last element. */
  #names = [];
  #values = [];
  #size = 0;
  #maxSize;
  /** The most a size update may ask: our SETTINGS_HEADER_TABLE_SIZE. */
  #limit;
  #maxListBytes;
  #pos = 0;
  #scratch = Buffer.allocUnsafe(1024);

  constructor(tableLimit = 4096, maxListBytes = 65536) {
    this.#maxSize = tableLimit;
    this.#limit = tableLimit;
    this.#maxListBytes = maxListBytes;
  }

  /**
   * Decodes one complete header block into `out` as name, value, name, value...; throws HpackError on
   * anything malformed (the caller ends the connection: the table state is then unknown).
   */
  decode(buf, start, end, out) {
    this.#pos = start;
    let listBytes = 0;
    let fields = false;
    while (this.#pos < end) {
      const b = buf[this.#pos];
      let name;
      let value;
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
        if (fields) throw new HpackError("table size update after a field");
        const size = this.#integer(buf, end, 5);
        if (size > this.#limit) throw new HpackError("table size update above the limit");
        this.#maxSize = size;
        this.#evict(0);
        continue;
      } else {
        // Literal without indexing (0000) or never indexed (0001): both leave the table alone.
        const index = this.#integer(buf, end, 4);
        name = index === 0 ? this.#string(buf, end) : this.#name(index);
        value = this.#string(buf, end);
      }
      fields = true;
      listBytes += name.length + value.length + 32;
      if (listBytes > this.#maxListBytes) throw new HpackError("header list too large");
      out.push(name, value);
    }
  }

  #name(index) {
    if (index <= STATIC_COUNT) return staticNames[index - 1];
    const i = this.#names.length - (index - STATIC_COUNT);
    if (i < 0) throw new HpackError(`index ${index} beyond the table`);
    return this.#names[i];
  }

  #value(index) {
    if (index <= STATIC_COUNT) return staticValues[index - 1];
    const i = this.#values.length - (index - STATIC_COUNT);
    if (i < 0) throw new HpackError(`index ${index} beyond the table`);
    return this.#values[i];
  }

  #add(name, value) {
    const size = name.length + value.length + 32;
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
  #evict(room) {
    let drop = 0;
    let size = this.#size;
    while (size + room > this.#maxSize && drop < this.#names.length) {
      size -= this.#names[drop].length + this.#values[drop].length + 32;
      drop++;
    }
    if (drop > 0) {
      this.#names.splice(0, drop);
      this.#values.splice(0, drop);
    }
    this.#size = size;
  }

  #integer(buf, end, prefixBits) {
    const mask = (1 << prefixBits) - 1;
    let value = buf[this.#pos++] & mask;
    if (value < mask) return value;
    let shift = 0;
    for (;;) {
      if (this.#pos >= end) throw new HpackError("truncated integer");
      const b = buf[this.#pos++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
      // Nothing legitimate needs more than 2^28; a longer integer is an attack on the decoder.
      if (shift > 21) throw new HpackError("integer too long");
    }
    return value;
  }

  #string(buf, end) {
    if (this.#pos >= end) throw new HpackError("truncated string");
    const huffmanCoded = buf[this.#pos] >= 0x80;
    const length = this.#integer(buf, end, 7);
    const start = this.#pos;
    if (length > end - start) throw new HpackError("string beyond the block");
    this.#pos = start + length;
    if (!huffmanCoded) return buf.latin1Slice(start, start + length);
    return this.#huffman(buf, start, start + length);
  }

  #huffman(buf, start, end) {
    // Every symbol takes at least 5 bits: 8 output bytes per 5 input bytes at most.
    const most = Math.ceil(((end - start) * 8) / 5);
    if (this.#scratch.length < most) this.#scratch = Buffer.allocUnsafe(Math.max(most, this.#scratch.length * 2));
    const out = this.#scratch;
    const { next, emit, accept } = huffman;
    let n = 0;
    let state = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      let t = state * 16 + (b >> 4);
      let s = emit[t];
      if (s !== -1) {
        if (s === -2) throw new HpackError("EOS in a Huffman string");
        out[n++] = s;
      }
      state = next[t];
      t = state * 16 + (b & 15);
      s = emit[t];
      if (s !== -1) {
        if (s === -2) throw new HpackError("EOS in a Huffman string");
        out[n++] = s;
      }
      state = next[t];
    }
    if (accept[state] === 0) throw new HpackError("bad Huffman padding");
    return out.latin1Slice(0, n);
  }
}
