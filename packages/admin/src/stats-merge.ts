// GetStats of a cluster: the workers' stats (hook and handler counters, caches, sinks) as one server's.
import type { JsonValue } from "@bufbuild/protobuf";

type JsonObject = { [key: string]: JsonValue };

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Counts add up (calls, records, bucket counts, cache entries); a bucket's bound `le` and the last latency
 * are the first worker's; `maxMs` is the largest, `avgMs` is computed again; a sink is `connected` only when
 * every worker's is, `enabled` only when enabled in every worker; times (`…At`) and `lastError` are the
 * latest; `reloads` are the first worker's (every worker reloads the same file at once). Sinks are matched
 * by name, other lists by position.
 */
export function mergeStats(values: readonly JsonValue[]): JsonValue {
  return merge("", values);
}

function merge(key: string, all: readonly JsonValue[]): JsonValue {
  const values = all.filter((v) => v !== null && v !== undefined);
  const first = values[0];
  if (first === undefined) return null;
  if (typeof first === "number") {
    const numbers = values.filter((v): v is number => typeof v === "number");
    if (key === "le" || key === "lastMs") return first;
    if (key === "maxMs") return Math.max(...numbers);
    return numbers.reduce((a, b) => a + b, 0);
  }
  if (typeof first === "boolean") return values.every((v) => v === true);
  if (typeof first === "string") {
    if (key === "status") return values.find((v) => v !== "connected") ?? first;
    if (key.endsWith("At")) return values.reduce((a, b) => (String(b) > String(a) ? b : a));
    return first;
  }
  if (Array.isArray(first)) return mergeLists(key, values.filter(Array.isArray));
  if (key === "reloads") return first;
  const objects = values.filter(isObject);
  if (key === "lastError") return objects.reduce((a, b) => (String(b["at"]) > String(a["at"]) ? b : a));
  const out: JsonObject = {};
  for (const object of objects) {
    for (const k of Object.keys(object)) {
      if (!(k in out))
        out[k] = merge(
          k,
          objects.map((o) => o[k] ?? null),
        );
    }
  }
  if (
    typeof out["avgMs"] === "number" &&
    typeof out["sumMs"] === "number" &&
    typeof out["count"] === "number"
  ) {
    out["avgMs"] = out["count"] === 0 ? 0 : out["sumMs"] / out["count"];
  }
  return out;
}

function mergeLists(key: string, lists: readonly JsonValue[][]): JsonValue[] {
  const named = lists.every((list) =>
    list.every((item) => isObject(item) && typeof item["name"] === "string"),
  );
  if (named) {
    const byName = new Map<string, JsonValue[]>();
    for (const list of lists) {
      for (const item of list) {
        const name = (item as JsonObject)["name"] as string;
        byName.set(name, [...(byName.get(name) ?? []), item]);
      }
    }
    return [...byName.values()].map((items) => merge(key, items));
  }
  const length = Math.max(...lists.map((list) => list.length));
  return Array.from({ length }, (_, i) =>
    merge(
      key,
      lists.map((list) => list[i] ?? null),
    ),
  );
}
