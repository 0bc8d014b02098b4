// Loads the `handlers:` module: `export function register(app)` and/or named handlers such as `authenticate`.
import { pathToFileURL } from "node:url";
import type { Exhook, HookName, Logger } from "@exhook/core";
import { ConfigError } from "./config-error.js";
import type { ServerConfig } from "./config-schema.js";
import { allHooks } from "./hook-names.js";

/** What `register(app, context)` is given besides the app. */
export interface HandlersContext {
  logger: Logger;
  config: ServerConfig;
}

/** `client.connected` → `clientConnected`; plus the short names of the three valued hooks. */
const namedExports = new Map<string, HookName>([
  ["authenticate", "client.authenticate"],
  ["authorize", "client.authorize"],
  ["publish", "message.publish"],
  ...allHooks.map((hook): [string, HookName] => [
    hook.replace(/[._]([a-z])/g, (_m, c: string) => c.toUpperCase()),
    hook,
  ]),
]);

/** The group named handlers join, so the admin API can disable them together. */
export const handlersGroup = "handlers";

export async function loadHandlersModule(
  app: Exhook,
  file: string,
  context: HandlersContext,
): Promise<string[]> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const reason =
      err.code === "ERR_MODULE_NOT_FOUND" && err.message.includes(file) ? "file not found" : err.message;
    throw new ConfigError("handlers", `cannot load ${file}: ${reason}`);
  }
  if ("default" in mod) {
    throw new ConfigError(
      "handlers",
      `${file} has a default export; export register(app) or named handlers instead`,
    );
  }
  const registered: string[] = [];
  for (const [name, value] of Object.entries(mod)) {
    if (name === "register") continue;
    const hook = namedExports.get(name);
    if (hook === undefined || typeof value !== "function") continue;
    try {
      app.on(hook, { group: handlersGroup }, value as Parameters<Exhook["on"]>[1] as never);
    } catch (error) {
      throw new ConfigError("handlers", `${file}: export "${name}": ${(error as Error).message}`);
    }
    registered.push(hook);
  }
  const register = mod["register"];
  if (register !== undefined) {
    if (typeof register !== "function")
      throw new ConfigError("handlers", `${file}: "register" must be a function`);
    await (register as (app: Exhook, ctx: HandlersContext) => unknown)(app, context);
    registered.push("register()");
  }
  if (registered.length === 0) {
    const names = [...namedExports.keys()].slice(0, 6).join(", ");
    throw new ConfigError("handlers", `${file} exports no handlers (export register(app), or ${names}, …)`);
  }
  return registered;
}
