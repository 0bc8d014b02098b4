// Reads the sink arguments of `exhook sinks add`: --prop key=value into a JSON object, --route into routes.
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { CliError } from "../errors.js";

export interface RouteJson {
  hooks: string[];
  topics: string[];
  sinks: string[];
}

/**
 * `key=value` pairs into an object. Values: `true`/`false` → boolean, a plain number → number, `[…]`/`{…}`
 * → JSON, anything else a string. A dotted key (`tls.ca=…`) makes a nested object.
 */
export function parseProps(pairs: readonly string[], flag: string): JsonObject {
  const props: JsonObject = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CliError(`${flag} ${pair}: expected key=value`);
    const path = pair.slice(0, eq).split(".");
    if (path.some((part) => part === "")) throw new CliError(`${flag} ${pair}: empty key`);
    let target = props;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      if (typeof next === "object" && next !== null && !Array.isArray(next)) {
        target = next;
      } else {
        const created: JsonObject = {};
        target[part] = created;
        target = created;
      }
    }
    target[path[path.length - 1] ?? ""] = parseValue(pair.slice(eq + 1), `${flag} ${pair}`);
  }
  return props;
}

function parseValue(raw: string, where: string): JsonValue {
  if (raw === "true") return true;
  if (raw === "false") return false;
  // Leading zeros stay text: "007" is more likely an id than the number 7.
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (raw.startsWith("[") || raw.startsWith("{")) {
    try {
      return JSON.parse(raw) as JsonValue;
    } catch {
      throw new CliError(`${where}: the value starts like JSON but isn't`);
    }
  }
  return raw;
}

/** `hook[,hook…][:topic[,topic…]]`, feeding `sink`: `message.publish:sensors/#` or `client.connected`. */
export function parseRoute(spec: string, sink: string): RouteJson {
  const colon = spec.indexOf(":");
  const hooksPart = colon === -1 ? spec : spec.slice(0, colon);
  const topicsPart = colon === -1 ? "" : spec.slice(colon + 1);
  const hooks = hooksPart
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  const topics = topicsPart
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (hooks.length === 0) throw new CliError(`--route ${spec}: no hook (e.g. message.publish:sensors/#)`);
  const bad = hooks.find((hook) => !/^[a-z]+\.[a-z_]+$/.test(hook));
  if (bad !== undefined)
    throw new CliError(`--route ${spec}: "${bad}" is not a hook name (e.g. message.publish)`);
  return { hooks, topics, sinks: [sink] };
}
