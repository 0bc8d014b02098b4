// The app a config describes, before any port opens: options, presets and the handlers module. Start and
// `--check` both build it, so `--check` refuses exactly what start would.
import { createExhook, type Exhook, type ExhookOptions, type Logger } from "@exhook/core";
import { registerAcl } from "./acl.js";
import { readUsersFile, registerUsersAuthn } from "./authn-users.js";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import type { ServerConfig } from "./config-schema.js";
import { loadHandlersModule } from "./handlers-module.js";
import { registerRewrite } from "./rewrite.js";
import { perWorkerDir } from "./worker-dirs.js";

export function createServerApp(config: ServerConfig, logger: Logger): Exhook {
  const options: ExhookOptions = {
    logger,
    offer: config.server.offer,
    hooks: config.hooks,
    timeoutMs: config.server.timeoutMs,
    dataDir: perWorkerDir(config.server.dataDir),
  };
  if (config.server.maxReceiveMessageBytes !== undefined) {
    options.maxReceiveMessageBytes = config.server.maxReceiveMessageBytes;
  }
  return createExhook(options);
}

/**
 * Registers the users file, the ACL, the rewrite rules and the handlers module (importing it and calling its
 * `register`; `fresh`: a new copy of the module, for a reload). Throws one ConfigError with the problems of every part; other errors (a `register` that
 * throws) as they are.
 */
export async function registerConfiguredHandlers(
  app: Exhook,
  config: ServerConfig,
  logger: Logger,
  options: { fresh?: boolean } = {},
): Promise<void> {
  const problems: ConfigProblem[] = [];
  const step = async (register: () => unknown) => {
    try {
      await register();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  };
  const { authn, acl, handlers } = config;
  if (authn !== undefined)
    await step(async () => registerUsersAuthn(app, authn, await readUsersFile(authn.usersFile)));
  if (acl !== undefined) await step(() => registerAcl(app, acl));
  await step(() => registerRewrite(app, config.rewrite, logger));
  if (handlers !== undefined) {
    await step(async () => {
      const registered = await loadHandlersModule(app, handlers, { logger, config }, options);
      logger.info({ file: handlers, registered }, "handlers module loaded");
    });
  }
  if (problems.length > 0) throw ConfigError.of(problems);
}
