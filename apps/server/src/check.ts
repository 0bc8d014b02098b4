// `--check`: everything start would check (sink packages and props, users file), without opening anything.
import { readUsersFile } from "./authn-users.js";
import { join } from "./config-error.js";
import type { ServerConfig } from "./config-schema.js";
import { prepareSink } from "./sinks.js";

export async function checkConfig(config: ServerConfig): Promise<void> {
  for (const [name, sink] of Object.entries(config.sinks)) {
    await prepareSink(name, sink, config.baseDir, join("sinks", name));
  }
  if (config.authn !== undefined) await readUsersFile(config.authn.usersFile);
}
