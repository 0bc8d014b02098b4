// Answer header blocks, encoded once: static-table indexes and literals without indexing only (RFC 7541
// 6.1, 6.2.2), so the server keeps no encoder table and an answer's headers are a copy of constant bytes.

/** Static-table indexes of the names and `:status` values the server sends. */
const staticNameIndex: Readonly<Record<string, number>> = { ":status": 8, "content-type": 31 };
const statusIndex: Readonly<Record<string, number>> = {
  "200": 8,
  "204": 9,
  "206": 10,
  "304": 11,
  "400": 12,
  "404": 13,
  "500": 14,
};

/** An HPACK integer with an n-bit prefix whose high bits are `high` (RFC 7541 5.1). */
function integer(bytes: number[], value: number, prefixBits: number, high: number): void {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    bytes.push(high | value);
    return;
  }
  bytes.push(high | max);
  let rest = value - max;
  while (rest >= 128) {
    bytes.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
}

/** A string literal, not Huffman-coded (its octets as they are). */
function literal(bytes: number[], text: string): void {
  const octets = Buffer.from(text, "latin1");
  integer(bytes, octets.length, 7, 0);
  for (const b of octets) bytes.push(b);
}

/**
 * The header block of the given fields, in order (pseudo-headers first, as HTTP/2 requires). Values are
 * ASCII here: gRPC status messages are percent-encoded before they get this far.
 */
export function headerBlock(fields: readonly (readonly [string, string])[]): Buffer {
  const bytes: number[] = [];
  for (const [name, value] of fields) {
    const indexed = name === ":status" ? statusIndex[value] : undefined;
    if (indexed !== undefined) {
      integer(bytes, indexed, 7, 0x80);
      continue;
    }
    const nameIndex = staticNameIndex[name];
    if (nameIndex !== undefined) integer(bytes, nameIndex, 4, 0);
    else {
      bytes.push(0);
      literal(bytes, name);
    }
    literal(bytes, value);
  }
  return Buffer.from(bytes);
}
