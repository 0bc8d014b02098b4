// The config file's JSON Schema, from the zod schema: for editor completion (yaml-language-server) and the docs.
import { writeFileSync } from "node:fs";
import { describeProps } from "@exhook/core/sink";
import { z } from "zod";
import { bundledSinks } from "./bundled-sinks.js";
import { textFormOf } from "./config-fields.js";
import { configSchema } from "./config-schema.js";

/** The committed copy, kept equal to what this module generates by a test. */
export const configJsonSchemaFile = new URL("../config.schema.json", import.meta.url);

/** The file as written: with defaults, and the strings a number, boolean or list also takes (`${ENV}`). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = configSchema({ baseDir: ".", hasSink: () => true, sinkNames: [] });
  const json = z.toJSONSchema(schema, {
    io: "input",
    // PEM files and paths are read or resolved by transforms; as written they are strings.
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const form = textFormOf(zodSchema);
      const out = jsonSchema as Record<string, unknown>;
      if (form !== undefined) {
        // What describes the key stays on it; what describes the value becomes the first of two forms.
        const { description, default: byDefault, ...own } = out;
        for (const key of Object.keys(out)) delete out[key];
        Object.assign(out, description === undefined ? {} : { description });
        out["anyOf"] = [own, form];
        if (byDefault !== undefined) out["default"] = byDefault;
      }
      // zod leaves out the default of a field whose value goes through a preprocess step.
      const def = zodSchema._zod.def as { type: string; defaultValue?: unknown };
      if (def.type === "default" && out["default"] === undefined) out["default"] = def.defaultValue;
    },
  }) as Record<string, unknown>;
  describeBundledSinks(json);
  return json;
}

type SchemaNode = Record<string, unknown>;

/**
 * Each bundled sink type's properties, where a sink's entry is described: `if type is "postgres" then its
 * properties are these`, so an editor completes and checks `url`, `table`… for that type. `type` and
 * `options` stay the server's; a type the server does not bundle (a package name, a file) is not checked.
 */
function describeBundledSinks(json: SchemaNode): void {
  const sinks = (json["properties"] as Record<string, SchemaNode>)["sinks"]!;
  const entry = sinks["additionalProperties"] as SchemaNode;
  entry["allOf"] = Object.entries(bundledSinks).map(([type, definition]) => {
    const props = describeProps(definition.props) as SchemaNode;
    return {
      if: { properties: { type: { const: type } }, required: ["type"] },
      then: {
        properties: withTextForms((props["properties"] ?? {}) as Record<string, SchemaNode>),
        ...(Array.isArray(props["required"]) ? { required: props["required"] } : {}),
      },
    };
  });
}

/** Sink props take a string spelling a number or boolean (what `${ENV}` gives), as the server's own fields do. */
function withTextForms(properties: Record<string, SchemaNode>): Record<string, SchemaNode> {
  return Object.fromEntries(Object.entries(properties).map(([key, node]) => [key, textForm(node)]));
}

function textForm(node: SchemaNode): SchemaNode {
  const { description, default: byDefault, ...own } = node;
  const kinds = scalarKinds(own);
  if (kinds.size === 0) return node;
  const forms: SchemaNode[] = [];
  // What @exhook/core/sink's parseProps reads from a string: a number, true/false, a comma-separated list.
  if (kinds.has("number"))
    forms.push({ type: "string", pattern: "^\\s*-?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*$" });
  if (kinds.has("boolean")) forms.push({ enum: ["true", "false"] });
  if (kinds.has("array")) forms.push({ type: "string" });
  return {
    ...(description === undefined ? {} : { description }),
    anyOf: [own, ...forms],
    ...(byDefault === undefined ? {} : { default: byDefault }),
  };
}

/** Whether a node takes numbers, booleans or lists (directly, as an enum or const, or among anyOf). */
function scalarKinds(node: SchemaNode): Set<"number" | "boolean" | "array"> {
  const kinds = new Set<"number" | "boolean" | "array">();
  const type = node["type"];
  if (type === "number" || type === "integer") kinds.add("number");
  if (type === "boolean") kinds.add("boolean");
  if (type === "array") kinds.add("array");
  const values = [...((node["enum"] as unknown[] | undefined) ?? []), node["const"]];
  for (const v of values) {
    if (typeof v === "number") kinds.add("number");
    if (typeof v === "boolean") kinds.add("boolean");
  }
  for (const branch of (node["anyOf"] as SchemaNode[] | undefined) ?? [])
    for (const kind of scalarKinds(branch)) kinds.add(kind);
  return kinds;
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

// `node dist/config-json-schema.js` rewrites the committed copy.
if (import.meta.url === new URL(process.argv[1] ?? "", "file:").href) {
  writeFileSync(configJsonSchemaFile, configJsonSchemaText());
}
