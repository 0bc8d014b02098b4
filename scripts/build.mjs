#!/usr/bin/env node
// `node scripts/build.mjs [package ...]`: builds the named workspace packages (all when none is named) and
// what they depend on, through turbo, for the root scripts that run something built (start, test, exhook…).
// Silent when turbo's cache has everything. Otherwise it says what it builds as it goes: a cold build of
// the server's packages takes 30 s to 2 min on a loaded 2-core machine, and `--output-logs=errors-only`
// printed nothing all that time. Everything goes to stderr: stdout belongs to the command that runs next.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const HEARTBEAT_MS = 20_000;

const packages = process.argv.slice(2);
const turbo = createRequire(import.meta.url).resolve("turbo/bin/turbo");
// --json: one event per line ({ source: "<pkg>#build" | "turbo", level, text }), sturdier to read than
// turbo's text; new-only: the full output of what runs (errors included), one line for a cache hit.
const args = [
  "run",
  "build",
  "--json",
  "--output-logs=new-only",
  ...packages.map((name) => `--filter=${name}...`),
];
const child = spawn(process.execPath, [turbo, ...args], {
  cwd: new URL("..", import.meta.url),
  stdio: ["ignore", "pipe", "pipe"],
});

/** The workspace's build commands: pnpm echoes the one it runs ("$ tsc -p …", pnpm 12 in two pieces). */
const buildCommands = new Set(
  ["packages", "apps", "tools"]
    .map((parent) => new URL(`../${parent}/`, import.meta.url))
    .filter((parent) => existsSync(parent))
    .flatMap((parent) => readdirSync(parent).map((dir) => new URL(`${dir}/package.json`, parent)))
    .filter((manifest) => existsSync(manifest))
    .map((manifest) => JSON.parse(readFileSync(manifest, "utf8")).scripts?.build)
    .filter((command) => typeof command === "string"),
);

const startedAt = Date.now();
let lastPrintAt = startedAt;
const built = [];
/** turbo's own lines (header, summary, failure reason): shown only when the build fails. */
const turboLines = [];

function print(line) {
  process.stderr.write(`${line}\n`);
  lastPrintAt = Date.now();
}

function onEvent(event) {
  const task = event.source.endsWith("#build") ? event.source.slice(0, -"#build".length) : undefined;
  if (task === undefined) {
    turboLines.push(event.text);
    return;
  }
  const text = event.text.trim();
  if (/^cache (miss|bypass)/.test(text)) {
    if (built.length === 0) {
      const what = packages.length === 0 ? "every package" : `${packages.join(", ")} and what it needs`;
      print(`Building ${what} (turbo caches the result: later runs rebuild only what changed)`);
    }
    built.push(task);
    print(`  building ${task}`);
  } else if (
    text === "" ||
    text === "$" ||
    text.startsWith("cache hit") ||
    text.startsWith("> ") ||
    text.startsWith("$ ") ||
    buildCommands.has(text)
  ) {
    // A cached package, or the package manager echoing the script it runs: nothing to say.
  } else {
    // Compiler errors and anything else a build prints: the user needs to see them where they happen.
    print(`  ${task}: ${event.text}`);
  }
}

for (const stream of [child.stdout, child.stderr]) {
  createInterface({ input: stream }).on("line", (line) => {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      turboLines.push(line);
      return;
    }
    if (typeof event?.source === "string" && typeof event.text === "string") onEvent(event);
    else turboLines.push(line);
  });
}

const heartbeat = setInterval(() => {
  if (built.length > 0 && Date.now() - lastPrintAt >= HEARTBEAT_MS) {
    print(`  … still building (${Math.round((Date.now() - startedAt) / 1000)} s)`);
  }
}, 1000);
heartbeat.unref();

child.on("close", (code, signal) => {
  clearInterval(heartbeat);
  if (code !== 0) {
    for (const line of turboLines) if (line.trim() !== "") print(line);
    print(`build failed (turbo ${signal ?? `exited ${code}`})`);
    process.exitCode = code === null || code === 0 ? 1 : code;
    return;
  }
  if (built.length > 0) {
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    print(`Built ${built.length} package${built.length === 1 ? "" : "s"} in ${seconds} s`);
  }
});
