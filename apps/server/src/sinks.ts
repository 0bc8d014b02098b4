// Adds the config's sinks to the app: loads each sink type, validates props and options, adds routes.
import { resolve } from "node:path";
import type { Exhook, SinkDefinition, SinkOptions } from "@exhook/core";
import { parseSinkOptions, parseSinkProps, SinkConfigError, type SinkRuntime } from "@exhook/core/sink";
import { ConfigError, type ConfigProblem, join } from "./config-error.js";
import type { RouteConfig, SinkConfig } from "./config-schema.js";
import { loadSinkDefinition, SinkLoadError, type SinkTypeOrigin } from "./sink-loader.js";
import { perWorkerDir } from "./worker-dirs.js";

/** A sink's type and props, checked and ready for `addSink`. */
export interface PreparedSink {
  name: string;
  definition: SinkDefinition;
  props: Record<string, unknown>;
  options: SinkOptions;
}

/**
 * Loads the sink's package and checks props and options without opening anything. Errors name the key path
 * under `base` (`sinks.<name>`), as the config file spells it.
 */
export async function prepareSink(
  name: string,
  sink: SinkConfig,
  baseDir: string,
  base: string,
  origin: SinkTypeOrigin = { from: "config" },
): Promise<PreparedSink> {
  let definition: SinkDefinition;
  try {
    definition = await loadSinkDefinition(sink.type, baseDir, origin);
  } catch (error) {
    if (error instanceof SinkLoadError) throw new ConfigError(join(base, "type"), error.message);
    throw error;
  }
  try {
    parseSinkOptions(sink.options);
  } catch (error) {
    if (error instanceof SinkConfigError) throw configErrorAt(join(base, "options"), error);
    throw error;
  }
  try {
    // The definition's schema is the whole check (fields, templates, rules across fields); nothing is made.
    parseSinkProps(definition, sink.props);
  } catch (error) {
    if (error instanceof SinkConfigError) throw configErrorAt(base, error);
    throw new ConfigError(base, (error as Error).message);
  }
  const options = sink.options as SinkOptions;
  // A relative bufferDir starts where the config file is, like every other path in it; each worker has its own.
  const bufferDir =
    typeof options.bufferDir === "string" ? perWorkerDir(resolve(baseDir, options.bufferDir)) : undefined;
  return {
    name,
    definition,
    props: sink.props,
    options: bufferDir === undefined ? options : { ...options, bufferDir },
  };
}

function configErrorAt(base: string, error: SinkConfigError): ConfigError {
  // Every problem of the sink's props, each at its key path in the file.
  return ConfigError.of(
    error.problems.map((p) => ({
      path: p.property === "" ? base : `${base}.${p.property}`,
      reason: p.reason,
    })),
  );
}

/** Every configured sink prepared; one ConfigError with the problems of all of them. */
export async function prepareSinks(
  sinks: Record<string, SinkConfig>,
  baseDir: string,
): Promise<PreparedSink[]> {
  const prepared: PreparedSink[] = [];
  const problems: ConfigProblem[] = [];
  for (const [name, sink] of Object.entries(sinks)) {
    try {
      prepared.push(await prepareSink(name, sink, baseDir, join("sinks", name)));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw ConfigError.of(problems);
  return prepared;
}

/** Every configured sink prepared, then opened in the app's runtime (`app.sink`), then the routes (`app.route`). */
export async function addConfiguredSinks(
  app: Exhook,
  sinks: Record<string, SinkConfig>,
  routes: readonly RouteConfig[],
  baseDir: string,
): Promise<SinkRuntime> {
  const prepared = await prepareSinks(sinks, baseDir);
  const runtime = app.sinks;
  try {
    for (const p of prepared) {
      try {
        await app.sink(p.name, p.definition, p.props, p.options);
      } catch (error) {
        if (error instanceof SinkConfigError) throw configErrorAt(join("sinks", p.name), error);
        throw new ConfigError(join("sinks", p.name), `cannot open: ${(error as Error).message}`);
      }
    }
    routes.forEach((route, i) => {
      try {
        app.route(route);
      } catch (error) {
        throw new ConfigError(join("routes", i), (error as Error).message);
      }
    });
  } catch (error) {
    await runtime.close({ deadlineMs: 1000 });
    throw error;
  }
  return runtime;
}
