// Loads the server's config: the file (or the embedded default), `${ENV}` interpolation, env overrides, checks.
import { dirname, resolve } from "node:path";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import { applyEnvOverrides, interpolateEnv, type RawConfig, readConfigFile } from "./config-read.js";
import { type ServerConfig, validateConfig } from "./config-schema.js";
import { defaultConfig } from "./default-config.js";

export interface LoadConfigOptions {
  /** A YAML or JSON file; without one the embedded default config is used. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface LoadedConfig {
  config: ServerConfig;
  /** The file read, or `undefined` for the embedded default. */
  file: string | undefined;
}

/** Throws one ConfigError with every problem of the file and the environment, each naming its key path. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = options.file === undefined ? undefined : resolve(cwd, options.file);
  const raw: RawConfig = file === undefined ? defaultConfig() : await readConfigFile(file);
  const unset: ConfigProblem[] = [];
  const interpolated = interpolateEnv(raw, env, unset) as RawConfig;
  const sources = applyEnvOverrides(interpolated, env);
  const validating = validateConfig(interpolated, file === undefined ? cwd : dirname(file), sources);
  const config = await validating.catch((error: unknown) => {
    if (!(error instanceof ConfigError) || unset.length === 0) throw error;
    // A key whose variable is missing is reported once, as the missing variable.
    const unsetPaths = new Set(unset.map((p) => p.path));
    throw ConfigError.of([...unset, ...error.problems.filter((p) => !unsetPaths.has(p.path))]);
  });
  if (unset.length > 0) throw ConfigError.of(unset);
  return { config, file };
}
