// compileEncoder: generates, once per schema, an encoder specialised to its fields whose output is
// byte-identical to protobuf-es's toBinary (fields in field-number order, then unknown fields).
//
// The source is built only from descriptor data. A value of an unexpected type (a number where a bigint
// belongs, a message without its $typeName, ...) makes it hand the message to toBinary, which encodes or
// rejects it exactly as it always did.

import {
  type DescField,
  type DescMessage,
  type MessageShape,
  ScalarType,
  toBinary,
} from "@bufbuild/protobuf";
import { markCompiled } from "./decoder.js";
import { prop, scalarInfo, tagBytes, writerMethod } from "./scalars.js";
import { IMPLICIT, reachableMessages, unsupportedFeature } from "./support.js";
import { sharedWriter } from "./writer.js";

export type Encoder<Desc extends DescMessage> = (message: MessageShape<Desc>) => Uint8Array;

class NotForFastPath extends Error {}

export function compileEncoder<Desc extends DescMessage>(schema: Desc): Encoder<Desc> {
  if (unsupportedEncoding(schema) !== undefined) return (message) => toBinary(schema, message);
  const messages = reachableMessages(schema);
  const index = new Map(messages.map((message, i) => [message, i]));
  const source = [
    ...messages.map((message, i) => messageFunction(message, i, index)),
    "return function encode(m) {",
    "  w.pos = 0;",
    "  try {",
    "    e0(m);",
    "  } catch {",
    "    w.pos = 0;",
    "    return toBinary(schema, m);",
    "  }",
    "  return w.finish();",
    "};",
  ].join("\n");
  const build = new Function("w", "NotForFastPath", "toBinary", "schema", "hasOwn", source) as (
    ...args: unknown[]
  ) => Encoder<Desc>;
  const hasOwn = (target: object, key: string) => Object.hasOwn(target, key);
  const encode = build(sharedWriter, NotForFastPath, toBinary, schema, hasOwn);
  markCompiled(encode);
  return encode;
}

/** Like unsupportedFeature, plus map keys other than strings (protobuf-es converts those on the way out). */
export function unsupportedEncoding(schema: DescMessage): string | undefined {
  const reason = unsupportedFeature(schema);
  if (reason !== undefined) return reason;
  for (const message of reachableMessages(schema)) {
    for (const field of message.fields) {
      if (field.fieldKind === "map" && field.mapKey !== ScalarType.STRING) {
        return `${message.typeName}.${field.name}: map with non-string keys`;
      }
    }
  }
  return undefined;
}

const bail = "throw new NotForFastPath()";

function messageFunction(message: DescMessage, i: number, index: Map<DescMessage, number>): string {
  const lines = [
    `function e${i}(m) {`,
    // toBinary refuses a message of another type (its reflection checks $typeName): so do we, through it.
    `  if (m.$typeName !== ${JSON.stringify(message.typeName)}) ${bail};`,
    "  let v;",
  ];
  const sorted = message.fields.concat().sort((a, b) => a.number - b.number);
  for (const field of sorted) lines.push(...fieldSource(field, index));
  lines.push("  v = m.$unknown;", "  if (v !== undefined) w.unknown(v);", "}");
  return lines.join("\n");
}

function writeTag(fieldNo: number, wireType: number): string {
  return tagBytes(fieldNo, wireType)
    .map((b) => `w.byte(${b});`)
    .join(" ");
}

/** Source writing the scalar `v` (validated first) without its tag. */
function writeValue(type: ScalarType | "enum"): string {
  if (type === "enum") return `if (!((v | 0) === v)) ${bail}; w.int32(v);`;
  return `if (!(${scalarInfo(type).valid})) ${bail}; w.${writerMethod(type)}(v);`;
}

function wireTypeOf(type: ScalarType | "enum"): number {
  return type === "enum" ? 0 : scalarInfo(type).wireType;
}

/** protobuf-es's isScalarZeroValue (implicit presence leaves these off the wire), on `v`. */
function isZero(field: DescField & { fieldKind: "scalar" | "enum" }): string {
  if (field.fieldKind === "enum") return `v === ${field.enum.values[0]!.number}`;
  switch (field.scalar) {
    case ScalarType.BOOL:
      return "v === false";
    case ScalarType.STRING:
      return 'v === ""';
    case ScalarType.BYTES:
      return "v instanceof Uint8Array && v.length === 0";
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return "Object.is(v, 0)";
    default:
      return "v == 0";
  }
}

function fieldSource(field: DescField, index: Map<DescMessage, number>): string[] {
  const value = `m${prop(field.localName)}`;
  const no = field.number;
  switch (field.fieldKind) {
    case "scalar":
    case "enum": {
      const type = field.fieldKind === "enum" ? "enum" : field.scalar;
      const write = `${writeTag(no, wireTypeOf(type))} ${writeValue(type)}`;
      if (field.oneof !== undefined) {
        const oneof = `m${prop(field.oneof.localName)}`;
        return [
          `  v = ${oneof};`,
          `  if (v.case === ${JSON.stringify(field.localName)}) { v = v.value; ${write} }`,
        ];
      }
      if (field.presence !== IMPLICIT) {
        return [
          `  v = ${value};`,
          `  if (v !== undefined && hasOwn(m, ${JSON.stringify(field.localName)})) { ${write} }`,
        ];
      }
      return [`  v = ${value};`, `  if (!(${isZero(field)})) { ${write} }`];
    }
    case "message": {
      const write = `${writeTag(no, 2)} const s = w.fork(); e${index.get(field.message)!}(v); w.join(s);`;
      if (field.oneof !== undefined) {
        const oneof = `m${prop(field.oneof.localName)}`;
        return [
          `  v = ${oneof};`,
          // toBinary writes an empty message for a case without a value: left to it.
          `  if (v.case === ${JSON.stringify(field.localName)}) { v = v.value; if (v === undefined) ${bail}; ${write} }`,
        ];
      }
      return [`  v = ${value};`, `  if (v !== undefined) { ${write} }`];
    }
    case "list": {
      const lines = [`  v = ${value};`, `  if (!Array.isArray(v)) ${bail};`];
      if (field.listKind === "message") {
        const fn = `e${index.get(field.message)!}`;
        lines.push(
          `  for (const item of v) { ${writeTag(no, 2)} const s = w.fork(); ${fn}(item); w.join(s); }`,
        );
        return lines;
      }
      const type = field.listKind === "enum" ? "enum" : field.scalar;
      if (field.packed) {
        lines.push(
          "  if (v.length > 0) {",
          `    ${writeTag(no, 2)}`,
          "    const s = w.fork();",
          `    for (const item of v) { const v = item; ${writeValue(type)} }`,
          "    w.join(s);",
          "  }",
        );
        return lines;
      }
      lines.push(
        `  for (const item of v) { const v = item; ${writeTag(no, wireTypeOf(type))} ${writeValue(type)} }`,
      );
      return lines;
    }
    case "map": {
      let writeEntryValue: string;
      if (field.mapKind === "message") {
        writeEntryValue = `w.byte(18); const s2 = w.fork(); e${index.get(field.message)!}(v); w.join(s2);`;
      } else {
        const type = field.mapKind === "enum" ? "enum" : field.scalar;
        writeEntryValue = `${writeTag(2, wireTypeOf(type))} ${writeValue(type)}`;
      }
      return [
        `  v = ${value};`,
        `  if (typeof v !== "object" || v === null) ${bail};`,
        "  {",
        "  const o = v;",
        "  for (const k of Object.keys(o)) {",
        `    ${writeTag(no, 2)}`,
        "    const s = w.fork();",
        "    w.byte(10);",
        "    w.string(k);",
        `    { const v = o[k]; ${writeEntryValue} }`,
        "    w.join(s);",
        "  }",
        "  }",
      ];
    }
  }
}
