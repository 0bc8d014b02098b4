// Decides whether the compiled codec can handle a schema, and lists the message types a root schema reaches.

import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { protoInt64 } from "@bufbuild/protobuf";

// google.protobuf.FeatureSet.FieldPresence and google.protobuf.Edition values, as protobuf-es uses them.
export const IMPLICIT = 2;
const LEGACY_REQUIRED = 3;
const EDITION_PROTO3 = 999;
const EDITION_PROTO2 = 998;

/** Every message type reachable from `root` through message, list and map fields, root first. */
export function reachableMessages(root: DescMessage): DescMessage[] {
  const seen = new Set<DescMessage>([root]);
  const order = [root];
  for (let i = 0; i < order.length; i++) {
    for (const field of order[i]!.fields) {
      const target = field.message;
      if (target !== undefined && !seen.has(target)) {
        seen.add(target);
        order.push(target);
      }
    }
  }
  return order;
}

/**
 * Why the compiled codec cannot serve `root` (a feature it leaves to protobuf-es), or undefined if it can.
 * The codec handles what plain-object messages (proto3, or editions without explicit-presence scalars) use.
 */
export function unsupportedFeature(root: DescMessage): string | undefined {
  if (!protoInt64.supported) return "64-bit integers as strings (BUF_BIGINT_DISABLE)";
  for (const message of reachableMessages(root)) {
    if (!hasPlainObjectShape(message)) return `${message.typeName}: presence tracked on a prototype chain`;
    for (const field of message.fields) {
      const reason = unsupportedField(field);
      if (reason !== undefined) return `${field.parent.typeName}.${field.name}: ${reason}`;
    }
  }
  return undefined;
}

function unsupportedField(field: DescField): string | undefined {
  if (field.presence === LEGACY_REQUIRED) return "required field";
  if ("delimitedEncoding" in field && field.delimitedEncoding) return "group (delimited) encoding";
  if ("longAsString" in field && field.longAsString) return "64-bit integer as string (jstype)";
  if (field.enum !== undefined && !field.enum.open) return "closed enum";
  if (field.fieldKind === "scalar" && field.getDefaultValue() !== undefined) return "custom default value";
  // protobuf-es unwraps wrappers and turns Struct into JSON when they are fields: left to it.
  if (field.message?.typeName.startsWith("google.protobuf.") === true)
    return `well-known type ${field.message.typeName}`;
  return undefined;
}

/** Mirrors protobuf-es's choice between a plain object and one with a prototype for default values. */
function hasPlainObjectShape(message: DescMessage): boolean {
  switch (message.file.edition) {
    case EDITION_PROTO3:
      return true;
    case EDITION_PROTO2:
      return false;
    default:
      return !message.fields.some((f) => f.presence !== IMPLICIT && f.fieldKind !== "message" && !f.oneof);
  }
}
