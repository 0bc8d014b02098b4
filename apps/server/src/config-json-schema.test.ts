// The committed JSON Schema of the config file is the one the zod schema gives, and says what the server takes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundledSinks } from "./bundled-sinks.js";
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

describe("config.schema.json's sink entries", () => {
  it("describe the properties of every sink package the server depends on, by type", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const dependencies = Object.keys(manifest.dependencies)
      .filter((name) => name.startsWith("@exhook/sink-"))
      .map((name) => name.slice("@exhook/sink-".length))
      .sort();
    expect(Object.keys(bundledSinks).sort()).toEqual(dependencies);

    const schema = configJsonSchema() as Node;
    const entry = schema.properties?.["sinks"]?.["additionalProperties"] as Node;
    const byType = Object.fromEntries(
      (entry["allOf"] as { if: Node; then: Node }[]).map((rule) => [
        (rule.if.properties?.["type"] as Node)["const"],
        rule.then,
      ]),
    );
    expect(Object.keys(byType).sort()).toEqual(dependencies);
    expect(byType["postgres"]?.properties?.["table"]).toBeDefined();
    expect(byType["mqtt"]?.["required"]).toEqual(["server"]);
    // A number prop also takes the string ${ENV} gives: qos: "${QOS}" is not flagged by an editor.
    expect(byType["mqtt"]?.properties?.["qos"]?.anyOf).toContainEqual({
      type: "string",
      pattern: expect.any(String),
    });
  });
});
