// Finds a sink type's package (`log` → @exhook/sink-log, or a full package name / file) and imports it on use.
import { isBuiltin } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isSinkDefinition, type SinkDefinition } from "@exhook/core/sink";

export class SinkLoadError extends Error {
  readonly code: "invalid_type" | "not_installed" | "not_a_sink" | "load_failed";
  constructor(code: SinkLoadError["code"], message: string) {
    super(message);
    this.name = "SinkLoadError";
    this.code = code;
  }
}

/**
 * Where a sink type comes from. `config`: the operator's config file, which may name a local module
 * (`./my-sink.js`). `admin`: the admin API, which may name only packages, or a type the config file named.
 */
export interface SinkTypeOrigin {
  from: "config" | "admin";
  /** The types the config file names (for `admin`). */
  configuredTypes?: ReadonlySet<string>;
}

// npm's rules for a package name, as create-exhook checks a new project's name (packages/cli/src/create/
// package-name.ts): lowercase, URL-safe, at most 214 characters, an optional @scope, no leading dot or
// underscore. The same rule on both sides: a sink package a user can scaffold, the server can load.
const packageName = /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

function isLocalModule(type: string): boolean {
  return type.startsWith("./") || type.startsWith("../") || isAbsolute(type);
}

/**
 * The module a sink type names: a bare word (`mqtt`) is the @exhook/sink-<type> package, a package name
 * (`exhook-sink-kafka`, `@acme/sink-s3`) that package, and `./x.js` a local file if the config file names it.
 * Anything else (a URL such as `data:` or `file:`, a path from the admin API, a Node built-in, a subpath) is
 * refused here, before import() could run it: a sink type is code the server will execute.
 */
export function sinkSpecifier(type: string, baseDir: string, origin: SinkTypeOrigin): string {
  if (/^[a-z0-9]+$/.test(type)) return `@exhook/sink-${type}`;
  const configured = origin.from === "config" || origin.configuredTypes?.has(type) === true;
  if (isLocalModule(type) && configured) return pathToFileURL(resolve(baseDir, type)).href;
  if (type.length <= 214 && packageName.test(type) && !isBuiltin(type)) return type;
  const shown = JSON.stringify(type.length > 60 ? `${type.slice(0, 60)}…` : type);
  const reason = isLocalModule(type)
    ? "a local module is loaded only when the config file names it"
    : "URLs and anything else import() would load are refused";
  throw new SinkLoadError(
    "invalid_type",
    `${shown} is not a sink type: name an installed sink package ("mqtt" for @exhook/sink-mqtt, or a package name such as "@acme/sink-s3")${origin.from === "admin" ? " or a type the config file names" : ""}; ${reason}`,
  );
}

const cache = new Map<string, Promise<SinkDefinition>>();

/** Imports once per specifier; the module must export `sink`, a SinkDefinition. */
export function loadSinkDefinition(
  type: string,
  baseDir: string,
  origin: SinkTypeOrigin,
): Promise<SinkDefinition> {
  let specifier: string;
  try {
    specifier = sinkSpecifier(type, baseDir, origin);
  } catch (error) {
    return Promise.reject(error);
  }
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
