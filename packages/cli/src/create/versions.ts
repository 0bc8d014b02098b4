// The versions a new project depends on, recorded from the workspace at build time (scripts/write-versions.mjs).
import { readFileSync } from "node:fs";

export interface Versions {
  /** `@exhook/core`, `proto`, `testkit`, `sink-*` → the version released with this create-exhook. */
  readonly packages: Readonly<Record<string, string>>;
  /** Sink type (`log` for `@exhook/sink-log`) → its one-line description. */
  readonly sinks: Readonly<Record<string, string>>;
  /** Build and test tools of the generated project → a semver range. */
  readonly tools: Readonly<Record<string, string>>;
}

/** Reads `dist/versions.json`, written by the build next to the compiled CLI. */
export function loadVersions(url = new URL("../versions.json", import.meta.url)): Versions {
  return JSON.parse(readFileSync(url, "utf8")) as Versions;
}

/** The range a generated package.json uses for a workspace package: `^<released version>`. */
export function rangeOf(versions: Versions, name: string): string | undefined {
  const version = versions.packages[name] ?? undefined;
  return version === undefined ? undefined : `^${version}`;
}
