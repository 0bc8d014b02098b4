// `--local-packages <dir>`: a project that installs the @exhook packages from tarballs, not from the registry.
// A clone has nothing published to install (`pnpm create-app` packs its packages into a folder); npm and pnpm
// install a `file:` tarball like a registry package. Dependencies of those packages on each other (core and
// testkit on @exhook/proto, sinks' peer on core) would still go to the registry: `overrides` point them at the
// same tarballs, for npm (`overrides`) and for pnpm (`pnpm.overrides`).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../errors.js";
import type { Versions } from "./versions.js";

/** The file `npm pack` / `pnpm pack` writes for a package: `@exhook/sink-log@0.1.0` → `exhook-sink-log-0.1.0.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
}

/**
 * Every package this create-exhook knows → a `file:` spec for its tarball in `dir` (an absolute path, so
 * the project may live anywhere). All must be there: a missing one would be fetched from the registry.
 */
export function localPackageSpecs(dir: string, versions: Versions): Record<string, string> {
  const specs: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, version] of Object.entries(versions.packages).sort(([a], [b]) => a.localeCompare(b))) {
    const path = join(dir, tarballName(name, version));
    if (existsSync(path)) specs[name] = `file:${path}`;
    else missing.push(tarballName(name, version));
  }
  if (missing.length > 0) {
    throw new CliError(
      `--local-packages ${dir} lacks ${missing.join(", ")} (in a clone of exhook, pnpm create-app packs them)`,
    );
  }
  return specs;
}
