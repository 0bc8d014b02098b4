// Turns zod's issues into the config's problems: one key path each (as the file spells it), every one at once.
import type { z } from "zod";
import { type ConfigProblem, join } from "./config-error.js";

type Issue = z.core.$ZodIssue;

/**
 * The messages of issues whose schema sets none (config-fields.ts sets most): given to `safeParse` so they are
 * computed while the value is still at hand.
 */
export function fallbackMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input === undefined) return "is required";
  if (issue.code === "invalid_type") {
    if (issue.expected === "object" || issue.expected === "record") return "must be a mapping";
    if (issue.expected === "array") return "must be a list";
    return `must be ${issue.expected}`;
  }
  return undefined;
}

/**
 * Key paths are joined with `join` (`sinks["a.b"]`, `routes[0].hooks[1]`); `sources` names the environment
 * variable a key came from (`server.port (from EXHOOK_PORT)`).
 */
export function configProblems(
  issues: readonly Issue[],
  sources: ReadonlyMap<string, string> = new Map(),
  base: readonly PropertyKey[] = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: readonly PropertyKey[], reason: string) => {
    const key = keyPath(path);
    const from = sources.get(key);
    problems.push({ path: from === undefined ? key : `${key} (from ${from})`, reason });
  };
  const visit = (issue: Issue, prefix: readonly PropertyKey[]) => {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) add([...path, key], issue.message);
        return;
      case "invalid_key":
        // A record key that is not a hook or sink name: the key's own message, at the key.
        for (const inner of issue.issues) add(path, inner.message);
        return;
      case "invalid_union": {
        // `admin: false | {…}`: when the value is of one branch's type, that branch's problems say most.
        const matching = issue.errors.filter((branch) => !branch.some(isTypeMismatch));
        if (matching.length === 1) for (const inner of matching[0]!) visit(inner, path);
        else add(path, issue.message);
        return;
      }
      default:
        add(path, issue.message);
    }
  };
  for (const issue of issues) visit(issue, base);
  return problems;
}

/**
 * The issues in the order of the file (zod reports async checks such as PEM files last): by the first key of
 * the file each one is at or under.
 */
export function inFileOrder(issues: readonly Issue[], input: unknown): Issue[] {
  const position = new Map<string, number>();
  const walk = (value: unknown, path: string) => {
    position.set(path, position.size);
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, join(path, i));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, join(path, key));
    }
  };
  walk(input, "");
  const where = (issue: Issue): number => {
    const path: PropertyKey[] = [...issue.path];
    if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
    for (let n = path.length; n >= 0; n--) {
      const at = position.get(keyPath(path.slice(0, n)));
      if (at !== undefined) return at;
    }
    return 0;
  };
  return issues
    .map((issue) => ({ issue, at: where(issue) }))
    .sort((a, b) => a.at - b.at)
    .map(({ issue }) => issue);
}

function isTypeMismatch(issue: Issue): boolean {
  return issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_value");
}

function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out = join(out, typeof key === "number" ? key : String(key));
  return out;
}
