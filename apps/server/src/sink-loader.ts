// Finds a sink type's package (`log` → @exhook/sink-log, or a full package name / file) and imports it on use.
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isSinkDefinition, type SinkDefinition } from "@exhook/core";

export class SinkLoadError extends Error {
  readonly code: "not_installed" | "not_a_sink" | "load_failed";
  constructor(code: SinkLoadError["code"], message: string) {
    super(message);
    this.name = "SinkLoadError";
    this.code = code;
  }
}

/**
 * The module a sink type names: a bare word (`mqtt`) is the @exhook/sink-<type> package, `./x.js` a local
 * file, anything else a package name (`exhook-sink-kafka`, `@acme/sink-s3`).
 */
export function sinkSpecifier(type: string, baseDir: string): string {
  if (/^[a-z0-9]+$/.test(type)) return `@exhook/sink-${type}`;
  if (type.startsWith(".") || isAbsolute(type)) return pathToFileURL(resolve(baseDir, type)).href;
  return type;
}

const cache = new Map<string, Promise<SinkDefinition>>();

/** Imports once per specifier; the module must export `sink`, a SinkDefinition. */
export function loadSinkDefinition(type: string, baseDir: string): Promise<SinkDefinition> {
  const specifier = sinkSpecifier(type, baseDir);
  let loading = cache.get(specifier);
  if (loading === undefined) {
    loading = importSink(specifier);
    cache.set(specifier, loading);
    // A failed import is not cached: the package may be installed before the next admin call.
    loading.catch(() => cache.delete(specifier));
  }
  return loading;
}

async function importSink(specifier: string): Promise<SinkDefinition> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === "ERR_MODULE_NOT_FOUND" && err.message.includes(specifier.replace(/^file:\/\//, ""))) {
      const hint = specifier.startsWith("file:") ? "" : `: install it with "npm install ${specifier}"`;
      throw new SinkLoadError("not_installed", `the sink package ${specifier} is not installed${hint}`);
    }
    throw new SinkLoadError("load_failed", `cannot load ${specifier}: ${err.message}`);
  }
  const sink = mod["sink"];
  if (sink === null || typeof sink !== "object" || !isSinkDefinition(sink as SinkDefinition)) {
    throw new SinkLoadError(
      "not_a_sink",
      `${specifier} does not export "sink" (a sink definition made with defineSink)`,
    );
  }
  return sink as SinkDefinition;
}
