// The one error a bad configuration produces: the key path and what is wrong with it (exit status 2).

export class ConfigError extends Error {
  /** The key path, e.g. `sinks.bridge.qos` or `routes[1].hooks[0]`; `""` for the file as a whole. */
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(path === "" ? reason : `${path}: ${reason}`);
    this.name = "ConfigError";
    this.path = path;
    this.reason = reason;
  }
}

/** Joins a key path: `join("sinks", "a.b")` gives `sinks["a.b"]` so paths stay unambiguous. */
export function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) || /^[a-z]+\.[a-z_]+$/.test(key);
  if (!plain) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}
