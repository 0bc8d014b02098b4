// The config file's JSON Schema, from the zod schema: for editor completion (yaml-language-server) and the docs.
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { textFormOf } from "./config-fields.js";
import { configSchema } from "./config-schema.js";

/** The committed copy, kept equal to what this module generates by a test. */
export const configJsonSchemaFile = new URL("../config.schema.json", import.meta.url);

/** The file as written: with defaults, and the strings a number, boolean or list also takes (`${ENV}`). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = configSchema({ baseDir: ".", hasSink: () => true, sinkNames: [] });
  return z.toJSONSchema(schema, {
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
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

// `node dist/config-json-schema.js` rewrites the committed copy.
if (import.meta.url === new URL(process.argv[1] ?? "", "file:").href) {
  writeFileSync(configJsonSchemaFile, configJsonSchemaText());
}
