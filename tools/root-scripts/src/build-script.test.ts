// scripts/build.mjs, which the root scripts (start, test, exhook, …) build with: run for real, with the
// repository's turbo, on a scratch two-package workspace, so nothing here rewrites the repository's dist/.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const rootDir = fileURLToPath(new URL("../../../", import.meta.url));
let workspace: string;

const manifest = (name: string, build: string, dependencies: Record<string, string> = {}) =>
  `${JSON.stringify({ name, version: "0.0.0", private: true, dependencies, scripts: { build } }, null, 2)}\n`;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "exhook-build-script-"));
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "scratch", private: true, packageManager: "pnpm@10.34.9" }),
    // pmOnFail as in the repository: pnpm 12 runs the scripts without fetching the pinned pnpm.
    "pnpm-workspace.yaml": "packages:\n  - packages/*\npmOnFail: ignore\n",
    "turbo.json": JSON.stringify({ tasks: { build: { dependsOn: ["^build"], outputs: ["dist/**"] } } }),
    // A git repository, as a clone is: turbo then hashes what git tracks, not its own logs in .turbo/.
    ".gitignore": "node_modules/\n.turbo/\ndist/\n",
    // `good` writes its dist/; `broken` fails the way tsc does, after `good` is built.
    "packages/good/package.json": manifest(
      "good",
      `node -e "require('fs').mkdirSync('dist',{recursive:true})"`,
    ),
    "packages/broken/package.json": manifest(
      "broken",
      `node -e "console.error('src/index.ts(3,7): error TS2322: nope'); process.exit(2)"`,
      { good: "workspace:*" },
    ),
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(workspace, path, ".."), { recursive: true });
    await writeFile(join(workspace, path), text);
  }
  await promisify(execFile)("git", ["init", "--quiet"], { cwd: workspace });
  // Installed, as a clone is before `pnpm start` (pnpm 12 would otherwise install, and write a lockfile,
  // on the first `pnpm run build`). Nothing to fetch: the only dependency is the workspace's own.
  await promisify(execFile)("pnpm", ["install"], { cwd: workspace });
  await mkdir(join(workspace, "scripts"));
  await copyFile(join(rootDir, "scripts/build.mjs"), join(workspace, "scripts/build.mjs"));
  await mkdir(join(workspace, "node_modules"), { recursive: true });
  await symlink(await realpath(join(rootDir, "node_modules/turbo")), join(workspace, "node_modules/turbo"));
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

function build(...packages: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(workspace, "scripts/build.mjs"), ...packages],
      { cwd: workspace, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("scripts/build.mjs", () => {
  it("says what it builds as it goes, then nothing once turbo's cache has it", async () => {
    const first = await build("good");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe("");
    const lines = first.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Building good and what it needs (turbo caches the result: later runs rebuild only what changed)",
    );
    expect(lines).toContain("  building good");
    expect(lines.at(-1)).toMatch(/^Built 1 package in \d+ s$/);

    expect(await build("good")).toEqual({ code: 0, stdout: "", stderr: "" });
  }, 120_000);

  it("shows a failing build's own error, with turbo's reason, and exits with its status", async () => {
    const result = await build("broken");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("  building broken\n");
    expect(result.stderr).toContain("  broken: src/index.ts(3,7): error TS2322: nope\n");
    expect(result.stderr).toContain("Failed:    broken#build");
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe("build failed (turbo exited 2)");
  }, 120_000);
});
