// `--check`: what start does short of opening anything: sink packages and props, the users file, the ACL and
// rewrite rules, and the handlers module imported and registered on an app that never listens.
import { silentLogger } from "@exhook/core";
import { createServerApp, registerConfiguredHandlers } from "./app-setup.js";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import type { ServerConfig } from "./config-schema.js";
import { prepareSinks } from "./sinks.js";

/** Throws one ConfigError with every problem start would find (after those of the file, found by loading it). */
export async function checkConfig(config: ServerConfig): Promise<void> {
  const problems: ConfigProblem[] = [];
  try {
    await prepareSinks(config.sinks, config.baseDir);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  try {
    await registerConfiguredHandlers(createServerApp(config, silentLogger), config, silentLogger);
  } catch (error) {
    // A register(app) that throws would stop start too: one more problem to report, not a crash of --check.
    if (error instanceof ConfigError) problems.push(...error.problems);
    else problems.push({ path: "handlers", reason: error instanceof Error ? error.message : String(error) });
  }
  if (problems.length > 0) throw ConfigError.of(problems);
}
