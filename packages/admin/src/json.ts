// Stats and driver details as JSON for google.protobuf.Struct: no Infinity, bigint or undefined.
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    return value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") return toJsonObject(value);
  return String(value);
}

export function toJsonObject(value: object): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJsonValue(item);
  return out;
}
