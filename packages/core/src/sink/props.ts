// Sink props (and the runtime's sink options) are zod 4 schemas: one validator with the server's config file.
// This module parses with them the way a config file is read, and reports every problem with its path.
import { z } from "zod";
import { SinkConfigError, type SinkConfigProblem } from "../errors.js";

export { z };

/** A sink's props schema: a zod schema, usually `z.object({ … })`, with refinements for rules across fields. */
export type PropsSchema<P = unknown> = z.ZodType<P>;

/** What the server shows about a props schema (`describeProps`): its JSON Schema, input side. */
export type PropsDescription = Record<string, unknown>;

/**
 * For `.superRefine(check(templateProblem))`: a check that says why a value is wrong, or `undefined`, as a
 * zod refinement.
 */
export function check<T>(
  problem: (value: T) => string | undefined,
): (value: T, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const reason = problem(value);
    if (reason !== undefined) ctx.addIssue({ code: "custom", message: reason, input: value });
  };
}

/**
 * Validates and fills in defaults; throws one `SinkConfigError` with every problem (the first one is its
 * `property` and `reason`). Unknown keys are errors when the schema is strict (`z.strictObject`), so a typo
 * never passes silently. Runs once per sink (add, reconfigure, config check), never per event.
 */
export function parseProps<P>(schema: PropsSchema<P>, input: unknown): P {
  let value: unknown = input === undefined || input === null ? {} : input;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new SinkConfigError("invalid_props", "", "props must be an object");
  }
  // Each round turns the strings the schema refused into the value they spell (config values from
  // `${ENV}` can only be strings); a round that changes nothing reports what is left.
  for (;;) {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const coerced = coerceStrings(value, result.error.issues);
    if (coerced === undefined) throw configError(schema, value, result.error.issues);
    value = coerced;
  }
}

/** The JSON Schema of what a props schema accepts (defaults, bounds, descriptions, `secret: true` from `.meta`). */
export function describeProps(schema: PropsSchema): PropsDescription {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as PropsDescription;
}

type Path = readonly PropertyKey[];

function at(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

const numberText = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** The value a string spells for what the schema expected, like the config file: exactly one value, or none. */
function spelled(text: string, issue: z.core.$ZodIssue): { value: unknown } | undefined {
  if (issue.code === "invalid_type") {
    if ((issue.expected === "number" || issue.expected === "int") && numberText.test(text)) {
      return { value: Number(text) };
    }
    if (issue.expected === "boolean" && (text === "true" || text === "false"))
      return { value: text === "true" };
    // "a, b" for a list: env values cannot be lists.
    if (issue.expected === "array") return { value: text === "" ? [] : text.split(",").map((s) => s.trim()) };
    return undefined;
  }
  if (issue.code === "invalid_value") {
    // "1" for 1: numeric enums (qos, protocolVersion) often arrive as strings.
    const match = issue.values.find((v) => typeof v === "number" && String(v) === text.trim());
    return match === undefined ? undefined : { value: match };
  }
  return undefined;
}

function coerceStrings(input: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  let copy: unknown;
  for (const issue of issues) {
    const text = at(input, issue.path);
    if (typeof text !== "string" || issue.path.length === 0) continue;
    const found = spelled(text, issue);
    if (found === undefined) continue;
    copy ??= structuredClone(input);
    const parent = at(copy, issue.path.slice(0, -1)) as Record<PropertyKey, unknown>;
    parent[issue.path.at(-1) as PropertyKey] = found.value;
  }
  return copy;
}

function pathText(path: Path): string {
  let out = "";
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function listText(values: readonly unknown[]): string {
  const listed = values.map((v) => (typeof v === "string" ? `"${v}"` : String(v)));
  return listed.length <= 1 ? listed.join("") : `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
}

/** The keys an object schema at `path` knows, when it is an object schema (for "unknown property" errors). */
function knownKeys(schema: PropsSchema, path: Path): string[] | undefined {
  let s: z.core.$ZodType | undefined = schema;
  const unwrap = () => {
    while (s !== undefined && !(s instanceof z.ZodObject)) {
      const def = s._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
      s = def.innerType ?? def.in;
      if (s === undefined) return;
    }
  };
  unwrap();
  for (const key of path) {
    if (!(s instanceof z.ZodObject)) return undefined;
    s = (s.shape as Record<string, z.core.$ZodType>)[String(key)];
    unwrap();
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}

function reasonOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "number") return "must be a finite number";
      if (issue.expected === "int") return "must be an integer";
      if (issue.expected === "boolean") return "must be true or false";
      if (issue.expected === "string") return "must be a string";
      if (issue.expected === "array") return "must be a list";
      if (issue.expected === "object") return "must be an object";
      return `must be ${issue.expected}`;
    case "invalid_value":
      return `must be ${listText(issue.values)}`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string")
        return min === 1 ? "cannot be empty" : `must have at least ${min} characters`;
      if (issue.origin === "array") return `must have at least ${min} items`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return `must have at most ${max} characters`;
      if (issue.origin === "array") return `must have at most ${max} items`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    default:
      return issue.message;
  }
}

function problemsOf(
  schema: PropsSchema,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): SinkConfigProblem[] {
  const problems: SinkConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(schema, issue.path);
      const reason = `is not a known property${known === undefined ? "" : ` (known: ${known.join(", ")})`}`;
      for (const key of issue.keys) {
        problems.push({ code: "unknown_property", property: pathText([...issue.path, key]), reason });
      }
      continue;
    }
    const property = pathText(issue.path);
    // Left out, and not allowed to be: a required property (also one a rule across fields asks for).
    if (issue.path.length > 0 && at(input, issue.path) === undefined) {
      const reason = issue.code === "invalid_type" ? "is required" : reasonOf(issue);
      problems.push({ code: "missing_property", property, reason });
      continue;
    }
    problems.push({ code: "invalid_property", property, reason: reasonOf(issue) });
  }
  return problems;
}

function configError(
  schema: PropsSchema,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): SinkConfigError {
  const [first, ...more] = problemsOf(schema, input, issues);
  if (first === undefined) return new SinkConfigError("invalid_props", "", "props are not valid");
  return new SinkConfigError(first.code, first.property, first.reason, undefined, more);
}
