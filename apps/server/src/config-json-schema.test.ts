// The committed JSON Schema of the config file is the one the zod schema gives, and says what the server takes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema, configJsonSchemaFile } from "./config-json-schema.js";

type Node = { properties?: Record<string, Node>; anyOf?: Node[]; default?: unknown; [key: string]: unknown };

describe("config.schema.json", () => {
  it("is what the schema generates (run `pnpm --filter @exhook/server config-schema` after changing it)", () => {
    expect(JSON.parse(readFileSync(configJsonSchemaFile, "utf8"))).toEqual(configJsonSchema());
  });

  it("lists every top-level key, refuses others, and shows defaults and the string forms ${ENV} gives", () => {
    const schema = configJsonSchema() as Node;
    expect(Object.keys(schema.properties ?? {})).toEqual([
      "server",
      "admin",
      "emqx",
      "log",
      "hooks",
      "sinks",
      "routes",
      "authn",
      "acl",
      "rewrite",
      "handlers",
    ]);
    expect(schema["additionalProperties"]).toBe(false);
    const port = schema.properties?.["server"]?.properties?.["port"];
    expect(port?.default).toBe(9000);
    expect(port?.description).toContain("EXHOOK_PORT");
    expect(port?.anyOf).toEqual([
      { type: "integer", minimum: 0, maximum: 65535 },
      { type: "string", pattern: expect.any(String) },
    ]);
  });
});
