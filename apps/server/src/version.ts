// What `exhook-server --version` prints: this server's version, the @exhook/core it runs on, and Node's.
import { readFileSync } from "node:fs";

function versionIn(manifestUrl: URL): string {
  const manifest = JSON.parse(readFileSync(manifestUrl, "utf8")) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}

export function versionLine(): string {
  // src/ and dist/ sit one level below each package root, so "../package.json" is the manifest either way;
  // core's entry point resolves to its dist/ (or src/ under the @exhook/source condition).
  const own = versionIn(new URL("../package.json", import.meta.url));
  const core = versionIn(new URL("../package.json", import.meta.resolve("@exhook/core")));
  return `exhook-server ${own} (@exhook/core ${core}, Node ${process.version})`;
}
