// Reading the config file: YAML or JSON, `${ENV_VAR}` interpolation, then the EXHOOK_* environment overrides.
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { ConfigError, type ConfigProblem, join } from "./config-error.js";

export type RawConfig = Record<string, unknown>;

/**
 * `${NAME}` and `${NAME:-fallback}` take the environment variable NAME (upper case, digits, `_`). Lower-case
 * placeholders such as a sink's `${clientid}` or an ACL's `${username}` are left for their owners; `$${X}`
 * writes a literal `${X}`.
 */
const envPattern = /\$(\$?)\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;

export async function readConfigFile(file: string): Promise<RawConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      "",
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return parseConfigText(text, file);
}

/** Parses YAML (JSON is YAML too); a syntax error names the line and column. */
export function parseConfigText(text: string, file: string): RawConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0];
    const where = at === undefined ? "" : ` (line ${at.line}, column ${at.col})`;
    throw new ConfigError(
      "",
      `${file} is not valid YAML/JSON${where}: ${first.message.split(" at line ")[0]?.split("\n")[0]}`,
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError("", `${file} must hold a mapping of keys (server, sinks, routes, …)`);
  }
  return value as RawConfig;
}

/**
 * Replaces `${ENV}` in every string value. Each variable that is not set is a problem naming its key path,
 * added to `problems` (the placeholder is left as written).
 */
export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  problems: ConfigProblem[],
  path = "",
): unknown {
  if (typeof value === "string") {
    return value.replace(envPattern, (whole, escaped: string, name: string, fallback: string | undefined) => {
      if (escaped === "$") return whole.slice(1);
      const set = env[name];
      if (set !== undefined && set !== "") return set;
      if (fallback !== undefined) return fallback;
      problems.push({
        path,
        reason: `environment variable ${name} is not set (write \${${name}:-default} for a default)`,
      });
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, problems, join(path, i)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = interpolateEnv(item, env, problems, join(path, key));
    }
    return out;
  }
  return value;
}

/** The environment variables that override keys of the file (they win over it), with the key they set. */
export const envOverrides = [
  { env: "EXHOOK_HOST", path: ["server", "host"] },
  { env: "EXHOOK_PORT", path: ["server", "port"] },
  { env: "EXHOOK_ADMIN_HOST", path: ["admin", "host"] },
  { env: "EXHOOK_ADMIN_PORT", path: ["admin", "port"] },
  { env: "EXHOOK_ADMIN_TOKEN", path: ["admin", "token"] },
  { env: "EXHOOK_LOG_LEVEL", path: ["log", "level"] },
  { env: "EXHOOK_DATA_DIR", path: ["server", "dataDir"] },
  { env: "EXHOOK_WORKERS", path: ["server", "workers"] },
  { env: "EXHOOK_TRANSPORT", path: ["server", "transport"] },
] as const;

/** Applies the overrides; returns which key paths came from which variable, for error messages. */
export function applyEnvOverrides(config: RawConfig, env: NodeJS.ProcessEnv): Map<string, string> {
  const sources = new Map<string, string>();
  for (const { env: name, path } of envOverrides) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    const [section, key] = path;
    let target = config[section];
    if (target === false && section === "admin") continue; // `admin: false` stays off
    if (target === undefined || target === null || typeof target !== "object" || Array.isArray(target)) {
      target = {};
      config[section] = target;
    }
    (target as Record<string, unknown>)[key] = value;
    sources.set(`${section}.${key}`, name);
  }
  return sources;
}
