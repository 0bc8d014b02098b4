// The field kinds of the config file as zod schemas, each with the message a user sees when a value is wrong.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { topicFilterProblem } from "@exhook/core/mqtt";
import { z } from "zod";

/** What an error callback is given: the value found (`undefined` when the key is missing). */
interface Found {
  readonly input?: unknown;
}

/** A message for a value that is there; `undefined` lets a missing key read "is required" (config-issues.ts). */
function wrong(message: string): (issue: Found) => string | undefined {
  return (issue) => (issue.input === undefined ? undefined : `${message}${notValue(issue.input)}`);
}

function notValue(input: unknown): string {
  if (input !== null && typeof input === "object")
    return Array.isArray(input) ? ", not a list" : ", not a mapping";
  return `, not ${JSON.stringify(input) ?? String(input)}`;
}

/*
 * Strings stand for numbers, booleans and lists on purpose: `${ENV}` interpolation and the EXHOOK_* variables
 * can only produce strings, so `port: ${PORT}` must work. Only a string that spells exactly one value of the
 * key's type is taken (a decimal integer, `true`/`false`, a comma-separated list); anything else is refused
 * with the key path. Sink properties follow the same rules (core's props.ts).
 */
const integerText = /^\s*-?\d+\s*$/;

function integerFromText(value: unknown): unknown {
  return typeof value === "string" && integerText.test(value) ? Number(value) : value;
}

export function booleanFromText(value: unknown): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

function listFromText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  return value.trim() === "" ? [] : value.split(",").map((item) => item.trim());
}

const textForms = new Map<unknown, Record<string, unknown>>([
  [integerFromText, { type: "string", pattern: integerText.source }],
  [booleanFromText, { enum: ["true", "false"] }],
  [listFromText, { type: "string", description: "comma-separated" }],
]);

/**
 * The string spelling a field takes besides its own type, as JSON Schema (config-json-schema.ts shows it), or
 * `undefined`. Found by the step that reads it, so copies made by `.describe()` keep it.
 */
export function textFormOf(schema: z.core.$ZodType): Record<string, unknown> | undefined {
  const def = schema._zod.def;
  if (def.type !== "pipe") return undefined;
  const first = (def as z.core.$ZodPipeDef).in._zod.def;
  return first.type === "transform" ? textForms.get((first as z.core.$ZodTransformDef).transform) : undefined;
}

export function nonEmptyString() {
  const error = wrong("must be a non-empty string");
  return z.string({ error }).min(1, { error });
}

/** An integer in `[min, max]`; `kind` names it in the message ("a port number"). */
export function integer(min: number, max: number, kind = "an integer") {
  const error = wrong(`must be ${kind} from ${min} to ${max}`);
  return z.preprocess(integerFromText, z.int({ error }).min(min, { error }).max(max, { error }));
}

/** `server.workers`: a count of processes, or "auto" (one per core). */
export function workerCountField() {
  const error = wrong('must be "auto" or an integer from 1 to 1024');
  return z.union([z.literal("auto"), integer(1, 1024)], { error });
}

export function port() {
  return integer(0, 65535, "a port number");
}

export function boolean() {
  return z.preprocess(booleanFromText, z.boolean({ error: wrong("must be true or false") }));
}

/** One of a few words: `must be "a", "b" or "c", not "d"`. */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V) {
  const listed = values.map((v) => `"${v}"`);
  const choices = listed.length === 1 ? listed[0]! : `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
  return z.enum(values, { error: wrong(`must be ${choices}`) });
}

/** A list of mappings (routes, rules): no string stands for one. */
export function mappings<T extends z.ZodType>(item: T) {
  return z.array(item, { error: wrong("must be a list") });
}

/** A list of strings (`item` checks each); one comma-separated string is taken too; `nonEmpty` refuses `[]`. */
export function list<T extends z.ZodType>(item: T, options: { nonEmpty?: boolean } = {}) {
  const array = z.array(item, { error: wrong("must be a list") });
  const checked = options.nonEmpty === true ? array.min(1, { error: "cannot be empty" }) : array;
  return z.preprocess(listFromText, checked);
}

/** A mapping with exactly these keys: an unknown one is an error that lists the known ones. */
export function section<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return `unknown key (known: ${known})`;
      return wrong("must be a mapping")(issue);
    },
  });
}

/** A mapping of any keys (a sink's `options`, checked by core when the sink is prepared). */
export function mapping() {
  return z.record(z.string(), z.unknown(), { error: wrong("must be a mapping") });
}

export function topicFilter() {
  return nonEmptyString().superRefine((topic, ctx) => {
    const problem = topicFilterProblem(topic);
    if (problem !== undefined)
      ctx.addIssue({ code: "custom", message: `bad topic filter "${topic}": ${problem}` });
  });
}

/** A file path, resolved from the config file's directory. */
export function filePath(baseDir: string) {
  return nonEmptyString().transform((file) => (isAbsolute(file) ? file : resolve(baseDir, file)));
}

/** Inline PEM text (e.g. a Kubernetes secret in an env var) or a PEM file, read here so a missing one is a config error. */
export function pem(baseDir: string) {
  return nonEmptyString().transform(async (text, ctx): Promise<Buffer> => {
    if (text.startsWith("-----BEGIN")) return Buffer.from(text);
    const file = isAbsolute(text) ? text : resolve(baseDir, text);
    try {
      return await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      ctx.issues.push({ code: "custom", message: `cannot read ${file}: ${code}`, input: text });
      return z.NEVER;
    }
  });
}

/** A regular expression's source, compiled. */
export function regex() {
  return nonEmptyString().transform((source, ctx): RegExp => {
    try {
      return new RegExp(source);
    } catch (error) {
      ctx.issues.push({
        code: "custom",
        message: `bad regular expression: ${(error as Error).message}`,
        input: source,
      });
      return z.NEVER;
    }
  });
}
