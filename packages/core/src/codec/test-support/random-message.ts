// Seeded random messages of any schema, with the edge values the codec must get right.

import { create, type DescField, type DescMessage, type Message, ScalarType } from "@bufbuild/protobuf";

/** mulberry32: a small deterministic PRNG, so a failing case can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

const strings = [
  "",
  "a",
  "t/1",
  "clientid-42",
  "sensors/+/temperature",
  "héllo wörld",
  "日本語のトピック",
  "emoji 😀🚀",
  "\u0000nul",
  "lone \ud800 surrogate",
  "\ufeffbom first",
  "x".repeat(63),
  "y".repeat(64),
  "z".repeat(65),
  "long ".repeat(60),
  "ünïcödé ".repeat(30),
];

const int64s = [
  0n,
  1n,
  -1n,
  127n,
  128n,
  2n ** 31n - 1n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 63n - 1n,
  -(2n ** 63n),
];
const uint64s = [0n, 1n, 127n, 128n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n - 1n, 2n ** 64n - 1n];
const uint32s = [0, 1, 127, 128, 16383, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];
const int32s = [0, 1, -1, 127, -128, 2 ** 31 - 1, -(2 ** 31)];
const doubles = [0, -0, 1.5, -2.25, 1e300, Number.MIN_VALUE, Number.POSITIVE_INFINITY, Number.NaN];
const floats = [0, -0, 1.5, -2.25, 3.4028234663852886e38, Number.NEGATIVE_INFINITY];

function randomString(random: Random): string {
  if (random() < 0.8) return pick(random, strings);
  let text = "";
  const length = Math.floor(random() * 40);
  for (let i = 0; i < length; i++) {
    const roll = random();
    const code =
      roll < 0.7
        ? 0x20 + Math.floor(random() * 95)
        : roll < 0.85
          ? 0xa0 + Math.floor(random() * 0x700)
          : roll < 0.95
            ? 0x3000 + Math.floor(random() * 0x5000)
            : 0x1f300 + Math.floor(random() * 0x300);
    text += String.fromCodePoint(code);
  }
  return text;
}

function randomBytes(random: Random): Uint8Array {
  const length = pick(random, [0, 1, 16, 127, 128, 256, 300]);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function randomScalar(random: Random, type: ScalarType): unknown {
  switch (type) {
    case ScalarType.STRING:
      return randomString(random);
    case ScalarType.BYTES:
      return randomBytes(random);
    case ScalarType.BOOL:
      return random() < 0.5;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return pick(random, int64s);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return pick(random, uint64s);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return pick(random, uint32s);
    case ScalarType.DOUBLE:
      return pick(random, doubles);
    case ScalarType.FLOAT:
      return pick(random, floats);
    default:
      return pick(random, int32s);
  }
}

function randomValue(random: Random, field: DescField, depth: number): unknown {
  switch (field.fieldKind) {
    case "scalar":
      return randomScalar(random, field.scalar);
    case "enum":
      // Open enums keep numbers they do not know.
      return random() < 0.9 ? pick(random, field.enum.values).number : 99;
    case "message":
      return randomMessage(field.message, random, depth + 1);
    case "list": {
      const length = Math.floor(random() * 4);
      const items: unknown[] = [];
      for (let i = 0; i < length; i++) {
        if (field.listKind === "message") items.push(randomMessage(field.message, random, depth + 1));
        else if (field.listKind === "enum") items.push(pick(random, field.enum.values).number);
        else items.push(randomScalar(random, field.scalar));
      }
      return items;
    }
    case "map": {
      const entries: Record<string, unknown> = {};
      const size = Math.floor(random() * 4);
      for (let i = 0; i < size; i++) {
        const key = String(randomScalar(random, field.mapKey));
        if (field.mapKind === "message") entries[key] = randomMessage(field.message, random, depth + 1);
        else if (field.mapKind === "enum") entries[key] = pick(random, field.enum.values).number;
        else entries[key] = randomScalar(random, field.scalar);
      }
      return entries;
    }
  }
}

/** A message with each field set at random (about half of them), nested messages down to a few levels. */
export function randomMessage(schema: DescMessage, random: Random, depth = 0): Message {
  const message = create(schema) as Message & Record<string, unknown>;
  for (const member of schema.members) {
    if (member.kind === "oneof") {
      if (random() < 0.3) continue;
      const field = pick(random, member.fields);
      if (field.fieldKind === "message" && depth > 3) continue;
      message[member.localName] = { case: field.localName, value: randomValue(random, field, depth) };
      continue;
    }
    if (random() < 0.4) continue;
    if (
      depth > 3 &&
      (member.fieldKind === "message" || member.fieldKind === "list" || member.fieldKind === "map")
    ) {
      continue;
    }
    message[member.localName] = randomValue(random, member, depth);
  }
  return message;
}
