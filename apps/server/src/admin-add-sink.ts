// The server's AddSink: which sink types the admin API may load, props checked as the config file's are.
import { Code, ConnectError } from "@connectrpc/connect";
import type { AddSinkHandler } from "@exhook/admin";
import type { Exhook } from "@exhook/core";
import type { SinkRuntime } from "@exhook/core/sink";
import { ConfigError, join } from "./config-error.js";
import { reservedDriverNames, sinkNameProblem, validateRoutes } from "./config-schema.js";
import { loadSinkDefinition, SinkLoadError } from "./sink-loader.js";
import { prepareSink } from "./sinks.js";

export interface AddSinkContext {
  app: Exhook;
  sinks: SinkRuntime;
  /** Where relative sink types (`./my-sink.js`) are resolved from. */
  baseDir: string;
  /**
   * The sink types the operator named in the config file: AddSink may use these (a local module, say) besides
   * installed sink packages. Anything else that is not a package name is refused before it is imported.
   */
  configuredSinkTypes: ReadonlySet<string>;
}

/** This server's errors as the Connect codes the CLI acts on. */
function mapError(error: unknown): unknown {
  if (error instanceof SinkLoadError) {
    return new ConnectError(
      error.message,
      error.code === "not_installed" ? Code.FailedPrecondition : Code.InvalidArgument,
    );
  }
  if (error instanceof ConfigError) return new ConnectError(error.message, Code.InvalidArgument);
  return error;
}

export function createAddSink(ctx: AddSinkContext): AddSinkHandler {
  const { app, sinks } = ctx;
  return async (req) => {
    try {
      const name = req.name;
      const base = join("sinks", name);
      // The config file's rule; a reserved name is answered below as the driver that already has it.
      const problem = reservedDriverNames.has(name) ? undefined : sinkNameProblem(name);
      if (problem !== undefined) throw new ConfigError(base, problem);
      if (reservedDriverNames.has(name) || app.drivers.get(name) !== undefined) {
        throw new ConnectError(`a driver named "${name}" already exists`, Code.AlreadyExists);
      }
      if (req.type === "") throw new ConfigError(join(base, "type"), "is required");
      // Checked and loaded here, so a missing package answers failed_precondition (not a config error).
      const origin = { from: "admin", configuredTypes: ctx.configuredSinkTypes } as const;
      await loadSinkDefinition(req.type, ctx.baseDir, origin);
      const config = { type: req.type, props: req.props ?? {}, options: req.options ?? {} };
      const prepared = await prepareSink(name, config, ctx.baseDir, base, origin);
      const existing = new Set([...sinks.sinks(), name]);
      const routes = validateRoutes(
        req.routes.map((r) => ({
          hooks: r.hooks,
          topics: r.topics,
          sinks: r.sinks.length === 0 ? [name] : r.sinks,
        })),
        "routes",
        (s) => existing.has(s),
        [...existing],
      );
      await sinks.addSink(name, prepared.definition, prepared.props, prepared.options);
      try {
        for (const route of routes) sinks.addRoute(route);
      } catch (error) {
        await sinks.removeSink(name, { deadlineMs: 1000 });
        throw error;
      }
    } catch (error) {
      throw mapError(error);
    }
  };
}
