// Every message of every version survives binary encoding with every field populated.
import { create, type DescField, type DescMessage, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { healthV1, v1, v2, v3 } from "./index.js";

function populated(schema: DescMessage, depth = 0): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  for (const field of schema.fields) {
    const value = valueFor(field, depth);
    if (value === undefined) continue;
    if (field.oneof) {
      // Set only the first member of each oneof.
      if (init[field.oneof.localName] === undefined)
        init[field.oneof.localName] = { case: field.localName, value };
    } else init[field.localName] = value;
  }
  return init;
}

function scalarValue(scalar: number): unknown {
  switch (scalar) {
    case 9:
      return "v-é";
    case 12:
      return new Uint8Array([0, 255, 7]);
    case 8:
      return true;
    case 3:
    case 4:
      return 1_700_000_000_123n;
    default:
      return 7;
  }
}

function valueFor(field: DescField, depth: number): unknown {
  switch (field.fieldKind) {
    case "scalar":
      return scalarValue(field.scalar);
    case "enum":
      return field.enum.values.at(-1)?.number;
    case "message":
      return depth > 2 ? undefined : create(field.message, populated(field.message, depth + 1));
    case "list":
      if (field.listKind === "message") return [create(field.message, populated(field.message, depth + 1))];
      if (field.listKind === "enum") return [1];
      return [scalarValue(field.scalar)];
    case "map":
      return { a: "1", b: "2" };
  }
}

const modules = { v1, v2, v3, healthV1 } as Record<string, Record<string, unknown>>;

describe.each(Object.keys(modules))("%s round trip", (version) => {
  const schemas = Object.values(modules[version]!).filter(
    (v): v is DescMessage => typeof v === "object" && v !== null && (v as DescMessage).kind === "message",
  );
  it.each(schemas.map((s) => [s.name, s] as const))("%s", (_name, schema) => {
    const message = create(schema, populated(schema));
    const bytes = toBinary(schema, message);
    const decoded = fromBinary(schema, bytes);
    expect(equals(schema, decoded, message)).toBe(true);
    if (schema.fields.length > 0) expect(bytes.length).toBeGreaterThan(0);
  });
});
