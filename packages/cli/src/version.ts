// The version create-exhook prints for --version.
import { readFileSync } from "node:fs";

/** The version of this package, from its package.json. */
export function cliVersion(): string {
  // src/ and dist/ both sit one level below the package root, so the same relative URL works from either.
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}
