// A tiny typed validator for sink properties: fields with defaults, bounds and checks, and uniform config errors.
import { SinkConfigError } from "./errors.js";

/** What the server shows about one property (`describe()`): JSON-ready. */
export interface PropDescription {
  type: "string" | "number" | "boolean" | "enum" | "string[]" | "object";
  description: string;
  required: boolean;
  default?: unknown;
  /** The allowed values of an enum. */
  values?: readonly (string | number)[];
  min?: number;
  max?: number;
  /** A secret (password, key): the server never shows its value. */
  secret?: boolean;
  /** The nested properties of an object. */
  properties?: Record<string, PropDescription>;
}

/** One property: how to read it from the input and what to do when it is absent. */
export interface PropField<T> {
  readonly description: PropDescription;
  /** Reads a value present in the input; throws `SinkConfigError` naming `path`. */
  read(value: unknown, path: string): T;
  /** The value when the input leaves the property out: the default, `undefined`, or a `missing_property` error. */
  absent(path: string): T;
}

export type PropShape = Record<string, PropField<unknown>>;

/** The parsed props of a shape: every key present, `undefined` only for optional fields without a default. */
export type PropsOf<S extends PropShape> = { [K in keyof S]: S[K] extends PropField<infer T> ? T : never };

export interface PropSchema<S extends PropShape = PropShape> {
  readonly shape: S;
  /** Validates and fills in defaults. Unknown keys are errors, so a typo never passes silently. */
  parse(input: unknown): PropsOf<S>;
  describe(): Record<string, PropDescription>;
}

interface Common<T> {
  description?: string;
  /** A last check after the type and bounds: return why the value is wrong, or `undefined`. */
  check?: (value: T) => string | undefined;
  secret?: boolean;
}

export interface StringPropOptions extends Common<string> {
  default?: string;
  required?: boolean;
  /** At least this many characters (default 0). */
  minLength?: number;
}

export interface NumberPropOptions extends Common<number> {
  default?: number;
  required?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface BooleanPropOptions extends Common<boolean> {
  default?: boolean;
  required?: boolean;
}

export interface EnumPropOptions<V> extends Common<V> {
  default?: V;
  required?: boolean;
}

export interface StringListPropOptions extends Common<readonly string[]> {
  default?: readonly string[];
  required?: boolean;
}

type Reader<T> = (value: unknown, path: string) => T;

function invalid(path: string, reason: string): SinkConfigError {
  return new SinkConfigError("invalid_property", path, reason);
}

function field<T>(
  description: PropDescription,
  options: {
    default?: T | undefined;
    required?: boolean | undefined;
    check?: ((value: T) => string | undefined) | undefined;
  },
  readValue: Reader<T>,
): PropField<T> {
  const { check } = options;
  const read: Reader<T> = (value, path) => {
    const parsed = readValue(value, path);
    const problem = check?.(parsed);
    if (problem !== undefined) throw invalid(path, problem);
    return parsed;
  };
  const absent = (path: string): T => {
    if (options.default !== undefined) return options.default;
    if (options.required === true) throw new SinkConfigError("missing_property", path, "is required");
    return undefined as T;
  };
  return { description, read, absent };
}

function describeCommon(
  type: PropDescription["type"],
  options: { description?: string; required?: boolean; default?: unknown; secret?: boolean },
): PropDescription {
  const d: PropDescription = {
    type,
    description: options.description ?? "",
    required: options.required === true && options.default === undefined,
  };
  if (options.default !== undefined) d.default = options.default;
  if (options.secret === true) d.secret = true;
  return d;
}

function string(options: StringPropOptions & { default: string }): PropField<string>;
function string(options: StringPropOptions & { required: true }): PropField<string>;
function string(options?: StringPropOptions): PropField<string | undefined>;
function string(options: StringPropOptions = {}): PropField<string | undefined> {
  const minLength = options.minLength ?? 0;
  return field<string | undefined>(describeCommon("string", options), options as never, (value, path) => {
    if (typeof value !== "string") throw invalid(path, "must be a string");
    if (value.length < minLength) {
      throw invalid(path, minLength === 1 ? "cannot be empty" : `must have at least ${minLength} characters`);
    }
    return value;
  });
}

function number(options: NumberPropOptions & { default: number }): PropField<number>;
function number(options: NumberPropOptions & { required: true }): PropField<number>;
function number(options?: NumberPropOptions): PropField<number | undefined>;
function number(options: NumberPropOptions = {}): PropField<number | undefined> {
  const d = describeCommon("number", options);
  if (options.min !== undefined) d.min = options.min;
  if (options.max !== undefined) d.max = options.max;
  return field<number | undefined>(d, options as never, (value, path) => {
    // Numeric strings are accepted: props often come from environment variables or query strings.
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isFinite(n)) throw invalid(path, "must be a finite number");
    if (options.integer === true && !Number.isInteger(n)) throw invalid(path, "must be an integer");
    if (options.min !== undefined && n < options.min) throw invalid(path, `must be at least ${options.min}`);
    if (options.max !== undefined && n > options.max) throw invalid(path, `must be at most ${options.max}`);
    return n;
  });
}

function boolean(options: BooleanPropOptions & { default: boolean }): PropField<boolean>;
function boolean(options: BooleanPropOptions & { required: true }): PropField<boolean>;
function boolean(options?: BooleanPropOptions): PropField<boolean | undefined>;
function boolean(options: BooleanPropOptions = {}): PropField<boolean | undefined> {
  return field<boolean | undefined>(describeCommon("boolean", options), options as never, (value, path) => {
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    throw invalid(path, "must be true or false");
  });
}

function oneOf<const V extends string | number>(
  values: readonly V[],
  options: EnumPropOptions<NoInfer<V>> & { default: NoInfer<V> },
): PropField<V>;
function oneOf<const V extends string | number>(
  values: readonly V[],
  options: EnumPropOptions<NoInfer<V>> & { required: true },
): PropField<V>;
function oneOf<const V extends string | number>(
  values: readonly V[],
  options?: EnumPropOptions<NoInfer<V>>,
): PropField<V | undefined>;
function oneOf<const V extends string | number>(
  values: readonly V[],
  options: EnumPropOptions<V> = {},
): PropField<V | undefined> {
  const d = describeCommon("enum", options);
  d.values = values;
  const listed = values.map((v) => (typeof v === "string" ? `"${v}"` : String(v)));
  const expected =
    listed.length <= 1 ? listed.join("") : `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
  return field<V | undefined>(d, options as never, (value, path) => {
    for (const v of values) {
      // "1" matches 1: numeric enums (qos, protocolVersion) often arrive as strings.
      if (v === value || (typeof v === "number" && typeof value === "string" && String(v) === value))
        return v;
    }
    throw invalid(path, `must be ${expected}`);
  });
}

function stringList(
  options: StringListPropOptions & { default: readonly string[] },
): PropField<readonly string[]>;
function stringList(options: StringListPropOptions & { required: true }): PropField<readonly string[]>;
function stringList(options?: StringListPropOptions): PropField<readonly string[] | undefined>;
function stringList(options: StringListPropOptions = {}): PropField<readonly string[] | undefined> {
  return field<readonly string[] | undefined>(
    describeCommon("string[]", options),
    options as never,
    (value, path) => {
      // "a,b" is accepted for the same reason numeric strings are.
      if (typeof value === "string") return value === "" ? [] : value.split(",").map((s) => s.trim());
      if (!Array.isArray(value)) throw invalid(path, "must be a list of strings");
      for (let i = 0; i < value.length; i++) {
        if (typeof value[i] !== "string") throw invalid(`${path}[${i}]`, "must be a string");
      }
      return value as string[];
    },
  );
}

export interface ObjectPropOptions {
  description?: string;
}

/** A nested group of properties; left out, it is read as `{}` (so its fields' defaults apply). */
function object<S extends PropShape>(shape: S, options: ObjectPropOptions = {}): PropField<PropsOf<S>> {
  const d = describeCommon("object", options);
  d.properties = describeShape(shape);
  d.required = Object.values(shape).some((f) => f.description.required);
  return {
    description: d,
    read: (value, path) => parseShape(shape, value, path),
    absent: (path) => parseShape(shape, {}, path),
  };
}

/** The field builders: `prop.string({ default: "x" })`, `prop.enum([0, 1, 2], { default: 0 })`, … */
export const prop = { string, number, boolean, enum: oneOf, stringList, object } as const;

function parseShape<S extends PropShape>(shape: S, input: unknown, path: string): PropsOf<S> {
  const prefix = path === "" ? "" : `${path}.`;
  if (input === undefined || input === null) input = {};
  if (typeof input !== "object" || Array.isArray(input)) {
    if (path === "") throw new SinkConfigError("invalid_props", "", "props must be an object");
    throw invalid(path, "must be an object");
  }
  const given = input as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(shape, key)) {
      const known = Object.keys(shape).join(", ");
      throw new SinkConfigError(
        "unknown_property",
        prefix + key,
        `is not a known property (known: ${known})`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(shape)) {
    const value = given[key];
    out[key] = value === undefined ? f.absent(prefix + key) : f.read(value, prefix + key);
  }
  return out as PropsOf<S>;
}

function describeShape(shape: PropShape): Record<string, PropDescription> {
  const out: Record<string, PropDescription> = {};
  for (const [key, f] of Object.entries(shape)) out[key] = f.description;
  return out;
}

/** A rule across fields: which property is wrong (or missing) and why. */
export interface PropsProblem {
  property: string;
  reason: string;
  /** `missing_property` when the rule asks for a property that is left out (default `invalid_property`). */
  code?: "missing_property" | "invalid_property";
}

export interface DefinePropsOptions<S extends PropShape> {
  /** A rule across fields (a cert needs its key), run after every field parsed. */
  check?: (props: PropsOf<S>) => PropsProblem | undefined;
}

/** A schema for a sink's props: `defineProps({ topic: prop.string({ default: "exhook/${hook}" }) })`. */
export function defineProps<S extends PropShape>(
  shape: S,
  options: DefinePropsOptions<S> = {},
): PropSchema<S> {
  const { check } = options;
  return {
    shape,
    parse: (input) => {
      const props = parseShape(shape, input, "");
      const problem = check?.(props);
      if (problem !== undefined) {
        throw new SinkConfigError(problem.code ?? "invalid_property", problem.property, problem.reason);
      }
      return props;
    },
    describe: () => describeShape(shape),
  };
}
