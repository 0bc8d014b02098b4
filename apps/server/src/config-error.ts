// The one error a bad configuration produces: every problem found, each with its key path (exit status 2).

/** One thing wrong with the config: where (`sinks.bridge.qos`, `routes[1].hooks[0]`, `""` for the file) and what. */
export interface ConfigProblem {
  readonly path: string;
  readonly reason: string;
}

export class ConfigError extends Error {
  /** The key path of the first problem, e.g. `sinks.bridge.qos`; `""` for the file as a whole. */
  readonly path: string;
  readonly reason: string;
  /** Every problem found, in the order of the file; at least one. */
  readonly problems: readonly ConfigProblem[];

  constructor(path: string, reason: string, more: readonly ConfigProblem[] = []) {
    const problems = [{ path, reason }, ...more];
    super(problems.map(problemText).join("\n"));
    this.name = "ConfigError";
    this.path = path;
    this.reason = reason;
    this.problems = problems;
  }

  /** One error for several problems (there must be at least one). */
  static of(problems: readonly ConfigProblem[]): ConfigError {
    const [first, ...more] = problems;
    if (first === undefined) throw new RangeError("ConfigError.of needs at least one problem");
    return new ConfigError(first.path, first.reason, more);
  }
}

/** `path: reason`, or the reason alone for the file as a whole. */
export function problemText(problem: ConfigProblem): string {
  return problem.path === "" ? problem.reason : `${problem.path}: ${problem.reason}`;
}

/** Joins a key path: `join("sinks", "a.b")` gives `sinks["a.b"]` so paths stay unambiguous. */
export function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) || /^[a-z]+\.[a-z_]+$/.test(key);
  if (!plain) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}
