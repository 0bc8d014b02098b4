// A small, safe string template for sink topics and payloads: `${name}` and `${a.b}` lookups, no evaluation.
import { TemplateError } from "../errors.js";

export { TemplateError };

/** A compiled template; `render` only reads own properties of the data, so nothing can reach prototypes. */
export interface Template {
  readonly source: string;
  /** The paths looked up, e.g. `["hook", "meta.node"]`. */
  readonly fields: readonly string[];
  render(data: object): string;
}

const segmentPattern = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)$/;

type Part = string | readonly string[];

/** Compiles `source`; throws `TemplateError` when a `${` is not closed or a name is not a plain path. */
export function compileTemplate(source: string): Template {
  const parts: Part[] = [];
  const fields: string[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf("${", at);
    if (open === -1) {
      parts.push(source.slice(at));
      break;
    }
    if (open > at) parts.push(source.slice(at, open));
    const close = source.indexOf("}", open + 2);
    if (close === -1) throw new TemplateError(source, open, "'${' is not closed by '}'");
    const name = source.slice(open + 2, close).trim();
    const path = name.split(".");
    if (name === "" || !path.every((s) => segmentPattern.test(s))) {
      throw new TemplateError(source, open + 2, `"${name}" is not a name or a dotted path (a.b.c)`);
    }
    parts.push(path);
    fields.push(name);
    at = close + 1;
  }
  if (parts.length === 0) parts.push("");
  const only = parts.length === 1 ? parts[0] : undefined;
  let render: (data: object) => string;
  if (typeof only === "string") render = () => only;
  else if (only !== undefined) render = (data) => text(lookup(data, only));
  else {
    render = (data) => {
      let out = "";
      for (const part of parts) out += typeof part === "string" ? part : text(lookup(data, part));
      return out;
    };
  }
  return { source, fields, render };
}

/** Why `source` is not a valid template, or `undefined` (for property checks). */
export function templateProblem(source: string): string | undefined {
  try {
    compileTemplate(source);
    return undefined;
  } catch (error) {
    if (error instanceof TemplateError) return `is not a valid template: ${error.reason}`;
    throw error;
  }
}

function lookup(data: object, path: readonly string[]): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function text(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "undefined":
      return "";
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      return value === null ? "" : JSON.stringify(value);
    default:
      return "";
  }
}
