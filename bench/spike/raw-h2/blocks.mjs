// Pre-encoded HPACK header blocks for answers: static-table indexes and literals without indexing only, so
// the server keeps no encoder table and an answer's headers are a copy of constant bytes.

/** An HPACK integer with an n-bit prefix, the prefix's high bits set to `high`. */
function integer(bytes, value, prefixBits, high) {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    bytes.push(high | value);
    return;
  }
  bytes.push(high | max);
  let rest = value - max;
  while (rest >= 128) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
}

function string(bytes, text) {
  const raw = Buffer.from(text, "latin1");
  integer(bytes, raw.length, 7, 0);
  for (const b of raw) bytes.push(b);
}

/** Literal without indexing: by static name index, or with a new name. */
function literal(bytes, name, value) {
  const index = staticNameIndex[name];
  if (index !== undefined) integer(bytes, index, 4, 0);
  else {
    bytes.push(0);
    string(bytes, name);
  }
  string(bytes, value);
}

const staticNameIndex = { ":status": 8, "content-type": 31 };
const statusIndex = { 200: 8, 204: 9, 206: 10, 304: 11, 400: 12, 404: 13, 500: 14 };

/** A header block of [name, value] pairs (":status" first, as HTTP/2 wants pseudo-headers). */
export function headerBlock(pairs) {
  const bytes = [];
  for (const [name, value] of pairs) {
    if (name === ":status" && statusIndex[value] !== undefined) integer(bytes, statusIndex[value], 7, 0x80);
    else literal(bytes, name, String(value));
  }
  return Buffer.from(bytes);
}
