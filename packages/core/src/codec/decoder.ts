// compileDecoder: generates, once per schema, a decoder specialised to its fields that yields the same
// messages as protobuf-es's fromBinary (same keys in the same order, same values), several times faster.
//
// The source is built only from descriptor data (field numbers, names quoted with JSON.stringify), never from
// input. Anything the fast path does not read (groups, wrong wire types, invalid UTF-8, truncation, ...) makes
// it hand the whole input to fromBinary, so malformed input throws, or is tolerated, exactly as there.
// Optional limits (DecodeLimits) make it refuse, cheaply, input built to be costly: too many unknown fields,
// or a large input only the slow fromBinary would read.

import { type DescField, type DescMessage, fromBinary, type MessageShape } from "@bufbuild/protobuf";
import { DecodeLimitExceeded, Reader, UnreadableInput } from "./reader.js";
import { prop, scalarInfo, tagOf } from "./scalars.js";
import { IMPLICIT, reachableMessages, unsupportedFeature } from "./support.js";

/** protobuf-es's default recursion limit of fromBinary. */
const RECURSION_LIMIT = 100;

export type Decoder<Desc extends DescMessage> = (bytes: Uint8Array) => MessageShape<Desc>;

/**
 * What a decoder refuses (with `DecodeLimitExceeded`) instead of decoding like fromBinary, so that input
 * built to be costly is cheap to refuse. Both default to no limit.
 */
export interface DecodeLimits {
  /** Unknown fields kept in `$unknown`, over the whole message tree. */
  readonly maxUnknownFields?: number;
  /**
   * The largest input handed to fromBinary when the fast path cannot read it (groups, wire types the schema
   * does not give, invalid data); fromBinary takes about a second for a megabyte of tiny fields.
   */
  readonly maxFallbackBytes?: number;
}

const compiled = new WeakSet<object>();

/** True if `codec` came out of compileDecoder/compileEncoder specialised, not as protobuf-es fallback. */
export function isCompiledCodec(codec: object): boolean {
  return compiled.has(codec);
}

export function markCompiled(codec: object): void {
  compiled.add(codec);
}

/**
 * A decoder for `schema`. The messages share memory with the input: `bytes` fields are views into it, as
 * with fromBinary, so the input must not be reused while they live.
 */
export function compileDecoder<Desc extends DescMessage>(
  schema: Desc,
  limits: DecodeLimits = {},
): Decoder<Desc> {
  const maxUnknownFields = limits.maxUnknownFields ?? Number.POSITIVE_INFINITY;
  const maxFallbackBytes = limits.maxFallbackBytes ?? Number.POSITIVE_INFINITY;
  const fallback = (bytes: Uint8Array) => {
    if (bytes.length > maxFallbackBytes) {
      throw new DecodeLimitExceeded(
        `${bytes.length} bytes the fast decoder cannot read (more than ${maxFallbackBytes} for the slow one)`,
      );
    }
    return fromBinary(schema, bytes);
  };
  // A schema the fast path cannot read at all has only fromBinary: no input is "odd" for it.
  if (unsupportedFeature(schema) !== undefined) return (bytes) => fromBinary(schema, bytes);
  const messages = reachableMessages(schema);
  const index = new Map(messages.map((message, i) => [message, i]));
  const source = [
    ...messages.map((message, i) => messageFunction(message, i, index)),
    "return function decode(bytes) {",
    "  try {",
    "    return d0(new Reader(bytes, maxUnknownFields), bytes.length, undefined);",
    "  } catch (error) {",
    "    if (error instanceof DecodeLimitExceeded) throw error;",
    "    return fallback(bytes);",
    "  }",
    "};",
  ].join("\n");
  const build = new Function(
    "Reader",
    "UnreadableInput",
    "DecodeLimitExceeded",
    "fallback",
    "maxUnknownFields",
    source,
  ) as (...args: unknown[]) => Decoder<Desc>;
  const decode = build(Reader, UnreadableInput, DecodeLimitExceeded, fallback, maxUnknownFields);
  markCompiled(decode);
  return decode;
}

function messageFunction(message: DescMessage, i: number, index: Map<DescMessage, number>): string {
  const lines = [
    `function d${i}(r, end, m) {`,
    `  if (++r.depth > ${RECURSION_LIMIT}) throw new UnreadableInput("recursion limit");`,
    "  if (m === undefined) {",
    // Built like protobuf-es's createZeroMessage (a one-key literal, then fields in member order), so the
    // objects get the same V8 hidden classes as the ones fromBinary and create() make.
    `    m = { $typeName: ${JSON.stringify(message.typeName)} };`,
  ];
  for (const member of message.members) {
    if (member.kind === "oneof") lines.push(`    m${prop(member.localName)} = { case: undefined };`);
    else if (member.presence === IMPLICIT) lines.push(`    m${prop(member.localName)} = ${zeroOf(member)};`);
  }
  lines.push(
    "  }",
    "  const buf = r.buf;",
    "  let u;",
    "  while (r.pos < end) {",
    "    let t = buf[r.pos];",
    "    if (t < 128) r.pos++;",
    "    else t = r.tag();",
    "    switch (t) {",
  );
  for (const field of message.fields) lines.push(...fieldCases(field, index));
  lines.push("      default:");
  if (message.fields.length > 0) {
    // A known field with an unexpected wire type: protobuf-es reads it anyway; leave that to it.
    const numbers = message.fields.map((f) => `case ${f.number}:`).join(" ");
    lines.push(`        switch (t >>> 3) { ${numbers} throw new UnreadableInput("wire type"); }`);
  }
  lines.push(
    "        u = r.unknown(u === undefined ? m.$unknown : u, t);",
    "    }",
    "  }",
    '  if (r.pos !== end) throw new UnreadableInput("field overruns its message");',
    "  if (u !== undefined) m.$unknown = u;",
    "  r.depth--;",
    "  return m;",
    "}",
  );
  return lines.join("\n");
}

function zeroOf(field: DescField): string {
  switch (field.fieldKind) {
    case "list":
      return "[]";
    case "map":
      return "{}";
    case "enum":
      return String(field.enum.values[0]!.number);
    case "scalar":
      return scalarInfo(field.scalar).zero;
    case "message":
      return "undefined";
  }
}

/** The generated source reading one value of a scalar or enum field. */
function readScalar(field: DescField): string {
  if (field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum"))
    return "r.int32()";
  if (field.fieldKind === "map" && field.mapKind === "enum") return "r.int32()";
  return `r.${scalarInfo(field.scalar!).method}()`;
}

function fieldCases(field: DescField, index: Map<DescMessage, number>): string[] {
  const target = (p: string) => `m${prop(p)}`;
  const name = target(field.localName);
  switch (field.fieldKind) {
    case "scalar":
    case "enum": {
      const wireType = field.fieldKind === "enum" ? 0 : scalarInfo(field.scalar).wireType;
      const value = readScalar(field);
      const assign =
        field.oneof === undefined
          ? `${name} = ${value};`
          : `${target(field.oneof.localName)} = { case: ${JSON.stringify(field.localName)}, value: ${value} };`;
      return [`      case ${tagOf(field.number, wireType)}: ${assign} break;`];
    }
    case "message": {
      const fn = `d${index.get(field.message)!}`;
      if (field.oneof === undefined) {
        return [`      case ${tagOf(field.number, 2)}: ${name} = ${fn}(r, r.delimited(), ${name}); break;`];
      }
      const oneof = target(field.oneof.localName);
      const local = JSON.stringify(field.localName);
      return [
        `      case ${tagOf(field.number, 2)}: {`,
        `        const o = ${oneof};`,
        `        ${oneof} = { case: ${local}, value: ${fn}(r, r.delimited(), o.case === ${local} ? o.value : undefined) };`,
        "        break;",
        "      }",
      ];
    }
    case "list": {
      if (field.listKind === "message") {
        const fn = `d${index.get(field.message)!}`;
        return [
          `      case ${tagOf(field.number, 2)}: ${name}.push(${fn}(r, r.delimited(), undefined)); break;`,
        ];
      }
      const value = readScalar(field);
      const wireType = field.listKind === "enum" ? 0 : scalarInfo(field.scalar).wireType;
      const cases = [`      case ${tagOf(field.number, wireType)}: ${name}.push(${value}); break;`];
      if (field.listKind === "enum" || scalarInfo(field.scalar).packable) {
        cases.push(
          `      case ${tagOf(field.number, 2)}: {`,
          "        const e = r.delimited();",
          `        const a = ${name};`,
          `        while (r.pos < e) a.push(${value});`,
          '        if (r.pos !== e) throw new UnreadableInput("packed field overruns");',
          "        break;",
          "      }",
        );
      }
      return cases;
    }
    case "map": {
      const keyType = scalarInfo(field.mapKey);
      const key = `r.${keyType.method}()`;
      let valueTag: number;
      let value: string;
      let zero: string;
      if (field.mapKind === "message") {
        const fn = `d${index.get(field.message)!}`;
        valueTag = tagOf(2, 2);
        value = `${fn}(r, r.delimited(), undefined)`;
        zero = `${fn}(r, r.pos, undefined)`;
      } else if (field.mapKind === "enum") {
        valueTag = tagOf(2, 0);
        value = "r.int32()";
        zero = String(field.enum.values[0]!.number);
      } else {
        valueTag = tagOf(2, scalarInfo(field.scalar).wireType);
        value = readScalar(field);
        zero = scalarInfo(field.scalar).zero;
      }
      return [
        `      case ${tagOf(field.number, 2)}: {`,
        "        const e = r.delimited();",
        `        let k = ${keyType.zero};`,
        "        let v;",
        "        while (r.pos < e) {",
        "          let et = buf[r.pos];",
        "          if (et < 128) r.pos++;",
        "          else et = r.tag();",
        `          if (et === ${tagOf(1, keyType.wireType)}) k = ${key};`,
        `          else if (et === ${valueTag}) v = ${value};`,
        '          else throw new UnreadableInput("map entry field");',
        "        }",
        '        if (r.pos !== e) throw new UnreadableInput("map entry overruns");',
        // Object keys: numbers, bigints and booleans become their strings, as protobuf-es stores them.
        `        ${name}[k] = v === undefined ? ${zero} : v;`,
        "        break;",
        "      }",
      ];
    }
  }
}
