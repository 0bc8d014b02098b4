import { describe, expect, it } from "vitest";
import { SinkConfigError } from "./errors.js";
import { check, describeProps, parseProps, z } from "./props.js";

const schema = z.strictObject({
  server: z.string().min(1).describe("broker URL"),
  topic: z.string().default("exhook/${hook}"),
  username: z.string().optional(),
  password: z.string().optional().meta({ secret: true }),
  qos: z.literal([0, 1, 2]).default(1),
  format: z.enum(["json", "pretty"]).default("json"),
  port: z.number().int().min(1).max(65535).default(1883),
  retain: z.boolean().default(false),
  fields: z.array(z.string()).default([]),
  tls: z
    .strictObject({ rejectUnauthorized: z.boolean().default(true), ca: z.string().optional() })
    .prefault({}),
  even: z
    .number()
    .superRefine(check((n: number) => (n % 2 === 0 ? undefined : "must be even")))
    .optional(),
});

function errorOf(input: unknown): SinkConfigError {
  try {
    parseProps(schema, input);
  } catch (error) {
    if (error instanceof SinkConfigError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("parseProps", () => {
  it("fills in defaults and leaves optional fields out", () => {
    const props = parseProps(schema, { server: "mqtt://127.0.0.1" });
    expect(props).toEqual({
      server: "mqtt://127.0.0.1",
      topic: "exhook/${hook}",
      qos: 1,
      format: "json",
      port: 1883,
      retain: false,
      fields: [],
      tls: { rejectUnauthorized: true },
    });
  });

  it("takes a string spelling exactly one number, boolean, numeric enum value or list (env-style config)", () => {
    const props = parseProps(schema, {
      server: "x",
      qos: "2",
      port: "8883",
      retain: "true",
      fields: "a, b",
      even: "4",
      tls: { rejectUnauthorized: "false" },
    });
    expect(props).toMatchObject({
      qos: 2,
      port: 8883,
      retain: true,
      fields: ["a", "b"],
      even: 4,
      tls: { rejectUnauthorized: false },
    });
    // Not a number, and not half of one: the string stays a string and is refused.
    expect(errorOf({ server: "x", port: "88 83" })).toMatchObject({ reason: "must be a finite number" });
    expect(errorOf({ server: "x", retain: "yes" })).toMatchObject({ reason: "must be true or false" });
  });

  it("names the property and the reason of each error", () => {
    expect(errorOf({})).toMatchObject({
      code: "missing_property",
      property: "server",
      reason: "is required",
    });
    expect(errorOf({ server: "" })).toMatchObject({
      code: "invalid_property",
      property: "server",
      reason: "cannot be empty",
    });
    expect(errorOf({ server: "x", qos: 3 })).toMatchObject({ property: "qos", reason: "must be 0, 1 or 2" });
    expect(errorOf({ server: "x", format: "xml" })).toMatchObject({ reason: 'must be "json" or "pretty"' });
    expect(errorOf({ server: "x", port: 0 })).toMatchObject({
      property: "port",
      reason: "must be at least 1",
    });
    expect(errorOf({ server: "x", port: 70000 })).toMatchObject({ reason: "must be at most 65535" });
    expect(errorOf({ server: "x", port: 1.5 })).toMatchObject({ reason: "must be an integer" });
    expect(errorOf({ server: "x", port: "abc" })).toMatchObject({ reason: "must be a finite number" });
    expect(errorOf({ server: "x", fields: [1] })).toMatchObject({ property: "fields[0]" });
    expect(errorOf({ server: "x", tls: { rejectUnauthorized: 1 } })).toMatchObject({
      property: "tls.rejectUnauthorized",
    });
    expect(errorOf({ server: "x", tls: { nope: 1 } })).toMatchObject({
      code: "unknown_property",
      property: "tls.nope",
      reason: "is not a known property (known: rejectUnauthorized, ca)",
    });
    expect(errorOf({ server: "x", even: 3 })).toMatchObject({ property: "even", reason: "must be even" });
    expect(errorOf({ server: "x", qso: 1 }).message).toMatch(
      /^property "qso" is not a known property \(known: server, topic/,
    );
    expect(errorOf("nope")).toMatchObject({ code: "invalid_props", property: "" });
  });

  it("reports every problem at once, each with its path, the first as the error's own", () => {
    const error = errorOf({ qos: 3, port: "abc", tls: { nope: 1 } });
    expect(error.problems.map((p) => [p.code, p.property])).toEqual([
      ["missing_property", "server"],
      ["invalid_property", "qos"],
      ["invalid_property", "port"],
      ["unknown_property", "tls.nope"],
    ]);
    expect(error).toMatchObject({ property: "server", reason: "is required" });
    expect(error.message.split("\n")).toHaveLength(4);
    expect(error.forSink("bridge").message).toMatch(
      /^bridge: property "server" is required\nbridge: property "qos"/,
    );
  });

  it("describes itself as JSON Schema for the server, marking secrets", () => {
    const d = describeProps(schema) as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(d.required).toEqual(["server"]);
    expect(d.properties["server"]).toMatchObject({ type: "string", description: "broker URL", minLength: 1 });
    expect(d.properties["qos"]).toMatchObject({ enum: [0, 1, 2], default: 1 });
    expect(d.properties["password"]).toMatchObject({ secret: true });
    expect(d.properties["port"]).toMatchObject({ minimum: 1, maximum: 65535 });
    expect(d.properties["tls"]).toMatchObject({
      properties: { rejectUnauthorized: { type: "boolean", default: true } },
    });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it("checks rules across fields (refinements), naming the property the rule is about", () => {
    const tls = z
      .strictObject({ cert: z.string().optional(), key: z.string().optional() })
      .superRefine((p, ctx) => {
        if ((p.cert === undefined) !== (p.key === undefined)) {
          ctx.addIssue({
            code: "custom",
            path: [p.cert === undefined ? "cert" : "key"],
            message: "is required when cert or key is given",
          });
        }
      });
    expect(parseProps(tls, { cert: "c", key: "k" })).toEqual({ cert: "c", key: "k" });
    expect(parseProps(tls, {})).toEqual({});
    const error = (() => {
      try {
        parseProps(tls, { cert: "c" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SinkConfigError);
    expect(error).toMatchObject({
      code: "missing_property",
      property: "key",
      reason: "is required when cert or key is given",
    });
  });
});
