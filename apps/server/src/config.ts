// Loads the server's config: the file (or the embedded default), `${ENV}` interpolation, env overrides, checks.
import { dirname, resolve } from "node:path";
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

/** Throws ConfigError (naming the key path) for anything wrong with the file or the environment. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = options.file === undefined ? undefined : resolve(cwd, options.file);
  const raw: RawConfig = file === undefined ? defaultConfig() : await readConfigFile(file);
  const interpolated = interpolateEnv(raw, env) as RawConfig;
  const sources = applyEnvOverrides(interpolated, env);
  const config = await validateConfig(interpolated, file === undefined ? cwd : dirname(file), sources);
  return { config, file };
}
