#!/usr/bin/env node
// `pnpm create-app <dir> [create-exhook flags]`: a new exhook project from this clone, with nothing published.
// `pnpm create-app --pack-only` builds and packs, and scaffolds nothing.
// Builds create-exhook and the packages it scaffolds with, packs every published package of the clone into
// .packs/, and scaffolds with `--local-packages .packs`: the project's package.json installs the @exhook
// packages (and @exhook/proto under them) from those tarballs, everything else from the npm registry.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const packsDir = join(root, ".packs");
// pnpm runs a script in the workspace root; the user's folder argument is relative to where they were.
const env = { ...process.env };
const userCwd = env["INIT_CWD"] ?? process.cwd();
const args = process.argv.slice(2);

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", cwd: root, ...options });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (args.includes("--help") || args.includes("-h")) {
  console.log("Usage: pnpm create-app <dir> [create-exhook options]  (from a clone of exhook)\n");
  console.log(
    "Builds and packs this clone's packages into .packs/ and scaffolds a project that installs them.",
  );
  console.log("Pick a folder outside the clone (../my-hooks): the project is a standalone npm package.");
  console.log("pnpm create-app --pack-only: build and pack only, to refresh a project made before.\n");
}

// What create-exhook and the packages it names need (with @exhook/proto under them), built as the other
// root scripts build: silent when turbo's cache has it all, with progress otherwise.
// CREATE_APP_NO_BUILD=1 is for the test suite, which has built everything before it runs (and whose other
// tests read dist/ meanwhile, which a turbo cache restore rewrites).
if (env["CREATE_APP_NO_BUILD"] !== "1") {
  run(process.execPath, [join(root, "scripts/build.mjs"), "create-exhook"]);
}

// A tarball of unchanged content packs to the same bytes, so a project's lockfile stays valid across runs.
console.log(`create-app: packing the @exhook packages into ${packsDir}`);
rmSync(packsDir, { recursive: true, force: true });
mkdirSync(packsDir, { recursive: true });
const packagesDir = join(root, "packages");
for (const dir of readdirSync(packagesDir).sort()) {
  const manifest = JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8"));
  if (manifest.private === true || manifest.name === "create-exhook") continue;
  // pnpm, not npm: it turns `workspace:^` ranges into the versions they stand for.
  run("pnpm", ["pack", "--pack-destination", packsDir], {
    cwd: join(packagesDir, dir),
    stdio: ["ignore", "ignore", "inherit"],
  });
}

// `--pack-only`: fresh tarballs for a project made before (which then reinstalls without its lockfile).
if (args.includes("--pack-only")) process.exit(0);

// The folder is resolved from where the user stood; npm is named in the next steps, since the project is
// a standalone npm package (pnpm installs it too).
delete env["npm_config_user_agent"];
run(process.execPath, [join(root, "packages/cli/dist/create.js"), ...args, "--local-packages", packsDir], {
  cwd: userCwd,
  env,
});
