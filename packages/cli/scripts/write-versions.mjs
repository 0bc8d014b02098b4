// Build step: records the versions of the workspace packages a scaffolded project depends on, in dist/versions.json.
// It runs on every build, and `pnpm release` builds after `changeset version`, so a published create-exhook
// always names the @exhook versions released with it.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

const packagesDir = new URL("../../", import.meta.url);
const rootDir = new URL("../../../", import.meta.url);
const readJson = (url) => JSON.parse(readFileSync(url, "utf8"));

const packages = {};
const sinks = {};
for (const dir of readdirSync(packagesDir).sort()) {
  // proto is no dependency of a new project, but of core and testkit: --local-packages needs its version too.
  const scaffolded = ["admin", "core", "proto", "testkit"];
  if (!scaffolded.includes(dir) && !dir.startsWith("sink-")) continue;
  const manifest = readJson(new URL(`${dir}/package.json`, packagesDir));
  packages[manifest.name] = manifest.version;
  if (dir.startsWith("sink-")) sinks[dir.slice("sink-".length)] = manifest.description ?? "";
}

// Tools the generated project builds and tests with: the monorepo's own pins, as caret ranges.
const rootDev = readJson(new URL("package.json", rootDir)).devDependencies ?? {};
const caret = (range) => (/^\d/.test(range) ? `^${range}` : range);
const tools = { tsx: "^4.19.0" };
for (const name of ["typescript", "vitest", "@types/node"]) {
  if (rootDev[name] !== undefined) tools[name] = caret(rootDev[name]);
}

const out = new URL("../dist/versions.json", import.meta.url);
writeFileSync(out, `${JSON.stringify({ packages, sinks, tools }, null, 2)}\n`);
