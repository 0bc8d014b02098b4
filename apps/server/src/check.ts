// `--check`: everything start would check (sink packages and props, users file, handlers file), without opening anything.
import { access } from "node:fs/promises";
import { readUsersFile } from "./authn-users.js";
import { ConfigError, join } from "./config-error.js";
import type { ServerConfig } from "./config-schema.js";
import { prepareSink } from "./sinks.js";

export async function checkConfig(config: ServerConfig): Promise<void> {
  for (const [name, sink] of Object.entries(config.sinks)) {
    await prepareSink(name, sink, config.baseDir, join("sinks", name));
  }
  if (config.authn !== undefined) await readUsersFile(config.authn.usersFile);
  // The module is not imported (that would run its code); only whether start could find it.
  if (config.handlers !== undefined) {
    const file = config.handlers;
    await access(file).catch(() => {
      throw new ConfigError("handlers", `cannot load ${file}: file not found`);
    });
  }
}
