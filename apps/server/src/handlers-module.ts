// Loads the `handlers:` module: `export function register(app)` and/or named handlers such as `authenticate`.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
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

/** Counts fresh loads, so each one has a URL of its own. */
let freshLoads = 0;

/**
 * Imports the module and registers its handlers on `app`. `fresh` (a reload) imports the file as it is now:
 * Node caches an ES module by its URL for the life of the process and offers no way to evict it, so a new
 * query (`?reload=N`) is the only way to read the file again. What it costs: every reload leaves the previous
 * copy of the module in memory (its code and whatever it holds: a pool or timer it opened stays open too),
 * and only this file is read again, not the modules it imports (those keep their cached copy).
 */
export async function loadHandlersModule(
  app: Exhook,
  file: string,
  context: HandlersContext,
  options: { fresh?: boolean } = {},
): Promise<string[]> {
  let mod: Record<string, unknown>;
  const url = pathToFileURL(file);
  if (options.fresh === true) url.search = `reload=${++freshLoads}`;
  try {
    mod = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError("handlers", `cannot load ${file}: ${importFailure(error, file)}`);
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
    try {
      await (register as (app: Exhook, ctx: HandlersContext) => unknown)(app, context);
    } catch (error) {
      // Not a ConfigError: the module's own code failed (a database away, …), which may pass on a retry.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${file}: register(app) threw: ${reason}`, { cause: error });
    }
    registered.push("register()");
  }
  if (registered.length === 0) {
    const names = [...namedExports.keys()].slice(0, 6).join(", ");
    throw new ConfigError("handlers", `${file} exports no handlers (export register(app), or ${names}, …)`);
  }
  return registered;
}

/** Why an import failed; a syntax error with its line and the code there. */
function importFailure(error: unknown, file: string): string {
  const err = error as NodeJS.ErrnoException;
  if (err.code === "ERR_MODULE_NOT_FOUND" && err.message.includes(file)) return "file not found";
  if (err instanceof SyntaxError) return `syntax error: ${err.message}${syntaxErrorLine(file)}`;
  return err instanceof Error ? err.message : String(error);
}

/**
 * Node keeps a module's syntax error location out of the error object (it only prints it when the error is
 * uncaught), so ask `node --check` for it: a second or so of CPU, and only on this failure path.
 */
function syntaxErrorLine(file: string): string {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return "";
  }
  const checked = spawnSync(process.execPath, ["--input-type=module", "--check"], {
    input: source,
    encoding: "utf8",
    timeout: 30_000,
  });
  const at = /^\[stdin\]:(\d+)\n(.*)\n/.exec(checked.stderr ?? "");
  return at === null ? "" : ` at line ${at[1]}: ${at[2]!.trim()}`;
}
