import { describe, expect, it } from "vitest";
import { SinkConfigError } from "./errors.js";
import { defineProps, prop } from "./props.js";

const schema = defineProps({
  server: prop.string({ required: true, minLength: 1, description: "broker URL" }),
  topic: prop.string({ default: "exhook/${hook}" }),
  username: prop.string(),
  password: prop.string({ secret: true }),
  qos: prop.enum([0, 1, 2], { default: 1 }),
  format: prop.enum(["json", "pretty"], { default: "json" }),
  port: prop.number({ min: 1, max: 65535, integer: true, default: 1883 }),
  retain: prop.boolean({ default: false }),
  fields: prop.stringList({ default: [] }),
  tls: prop.object({ rejectUnauthorized: prop.boolean({ default: true }), ca: prop.string() }),
  even: prop.number({ check: (n) => (n % 2 === 0 ? undefined : "must be even") }),
});

function errorOf(input: unknown): SinkConfigError {
  try {
    schema.parse(input);
  } catch (error) {
    if (error instanceof SinkConfigError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("defineProps", () => {
  it("fills in defaults and leaves optional fields undefined", () => {
    const props = schema.parse({ server: "mqtt://127.0.0.1" });
    expect(props).toEqual({
      server: "mqtt://127.0.0.1",
      topic: "exhook/${hook}",
      username: undefined,
      password: undefined,
      qos: 1,
      format: "json",
      port: 1883,
      retain: false,
      fields: [],
      tls: { rejectUnauthorized: true, ca: undefined },
      even: undefined,
    });
  });

  it("accepts strings for numbers, numeric enums, booleans and lists (env-style config)", () => {
    const props = schema.parse({
      server: "x",
      qos: "2",
      port: "8883",
      retain: "true",
      fields: "a, b",
      even: "4",
    });
    expect(props).toMatchObject({ qos: 2, port: 8883, retain: true, fields: ["a", "b"], even: 4 });
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
    expect(errorOf({ server: "x", port: 1.5 })).toMatchObject({ reason: "must be an integer" });
    expect(errorOf({ server: "x", port: "abc" })).toMatchObject({ reason: "must be a finite number" });
    expect(errorOf({ server: "x", retain: "yes" })).toMatchObject({ reason: "must be true or false" });
    expect(errorOf({ server: "x", fields: [1] })).toMatchObject({ property: "fields[0]" });
    expect(errorOf({ server: "x", tls: { rejectUnauthorized: 1 } })).toMatchObject({
      property: "tls.rejectUnauthorized",
    });
    expect(errorOf({ server: "x", tls: { nope: 1 } })).toMatchObject({
      code: "unknown_property",
      property: "tls.nope",
    });
    expect(errorOf({ server: "x", even: 3 })).toMatchObject({ property: "even", reason: "must be even" });
    expect(errorOf({ server: "x", qso: 1 }).message).toMatch(
      /^property "qso" is not a known property \(known: server/,
    );
    expect(errorOf("nope")).toMatchObject({ code: "invalid_props", property: "" });
  });

  it("describes itself for the server, marking secrets", () => {
    const d = schema.describe();
    expect(d["server"]).toEqual({ type: "string", description: "broker URL", required: true });
    expect(d["qos"]).toMatchObject({ type: "enum", values: [0, 1, 2], default: 1, required: false });
    expect(d["password"]).toMatchObject({ secret: true });
    expect(d["port"]).toMatchObject({ min: 1, max: 65535 });
    expect(d["tls"]?.properties?.["rejectUnauthorized"]).toMatchObject({ type: "boolean", default: true });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it("checks rules across fields after the fields, naming the property the rule is about", () => {
    const tls = defineProps(
      { cert: prop.string(), key: prop.string({ secret: true }) },
      {
        check: (p) =>
          (p.cert === undefined) === (p.key === undefined)
            ? undefined
            : {
                code: "missing_property",
                property: p.cert === undefined ? "cert" : "key",
                reason: "is required when cert or key is given",
              },
      },
    );
    expect(tls.parse({ cert: "c", key: "k" })).toEqual({ cert: "c", key: "k" });
    expect(tls.parse({})).toEqual({ cert: undefined, key: undefined });
    const error = (() => {
      try {
        tls.parse({ cert: "c" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SinkConfigError);
    expect(error).toMatchObject({ code: "missing_property", property: "key" });
  });
});
