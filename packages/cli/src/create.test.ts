// The built create-exhook binary, run as a child process: what it writes, and what it refuses.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-support/run-cli.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "create-exhook-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const workspaceVersion = (dir: string): string =>
  (
    JSON.parse(readFileSync(new URL(`../../${dir}/package.json`, import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;

async function filesOf(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await filesOf(join(dir, entry.name), `${rel}/`)));
    else out.push(rel);
  }
  return out.sort();
}

const readJson = async (path: string) =>
  JSON.parse(await readFile(path, "utf8")) as { name: string; dependencies: object; devDependencies: object };

describe("create-exhook, non-interactive", () => {
  it("writes a TypeScript project with the name, port and sinks asked for", async () => {
    const result = await runCli("create", ["my-hooks", "--port", "9100", "--sinks", "log,mqtt", "--yes"], {
      cwd: root,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("cd my-hooks");
    const dir = join(root, "my-hooks");
    expect(await filesOf(dir)).toEqual([
      ".gitignore",
      "README.md",
      "package.json",
      "src/app.test.ts",
      "src/app.ts",
      "src/server.ts",
      "src/sinks.ts",
      "tsconfig.build.json",
      "tsconfig.json",
    ]);
    const manifest = await readJson(join(dir, "package.json"));
    expect(manifest.name).toBe("my-hooks");
    expect(manifest.dependencies).toEqual({
      "@exhook/admin": `^${workspaceVersion("admin")}`,
      "@exhook/core": `^${workspaceVersion("core")}`,
      "@exhook/sink-log": `^${workspaceVersion("sink-log")}`,
      "@exhook/sink-mqtt": `^${workspaceVersion("sink-mqtt")}`,
    });
    expect(manifest.devDependencies).toMatchObject({ "@exhook/testkit": `^${workspaceVersion("testkit")}` });

    const server = await readFile(join(dir, "src/server.ts"), "utf8");
    expect(server).toContain("process.env.EXHOOK_PORT ?? 9100) });\n");
    // The admin port next to it.
    expect(server).toContain("process.env.EXHOOK_ADMIN_PORT ?? 9101),\n");
    expect(server).not.toContain("exhook:");
    const app = await readFile(join(dir, "src/app.ts"), "utf8");
    expect(app).toContain('import { addSinks } from "./sinks.js";');
    expect(app).toContain("  await addSinks(app);");
    expect(app).not.toContain("exhook:");
    const sinks = await readFile(join(dir, "src/sinks.ts"), "utf8");
    expect(sinks).toContain('import { sink as logSink } from "@exhook/sink-log";');
    expect(sinks).toContain('await app.sink("mqtt", mqttSink, mqttSink.example ?? {});');
    // Topic filters apply to message.* hooks only: lifecycle hooks get a route of their own.
    expect(sinks).toContain(
      'app.route({ hooks: ["client.connected", "client.disconnected"], sinks: ["log", "mqtt"] });',
    );
    expect(sinks).toContain(
      'app.route({ hooks: ["message.publish"], topics: ["sensors/#"], sinks: ["log", "mqtt"] });',
    );
    expect(sinks).not.toContain("exhook:");

    const readme = await readFile(join(dir, "README.md"), "utf8");
    expect(readme).toMatch(/^# my-hooks\n/);
    expect(readme).toContain('url = "http://127.0.0.1:9100"');
    expect(readme).toContain("npx @exhook/cli drivers --admin http://127.0.0.1:9101");
    expect(readme).toContain("request_timeout =");
    expect(readme).toContain("failed_action = deny");
    expect(readme).toContain("[@exhook/sink-mqtt]");
    expect(readme).not.toMatch(/\{\{\w+\}\}/);
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toContain("node_modules");
  });

  it("writes the default project without sinks: port 9000 (admin 9001), core, admin and testkit only", async () => {
    const result = await runCli("create", ["plain", "--yes"], { cwd: root });
    expect(result.code).toBe(0);
    const dir = join(root, "plain");
    expect(existsSync(join(dir, "src/sinks.ts"))).toBe(false);
    expect(existsSync(join(dir, "_gitignore"))).toBe(false);
    expect(Object.keys((await readJson(join(dir, "package.json"))).dependencies)).toEqual([
      "@exhook/admin",
      "@exhook/core",
    ]);
    const app = await readFile(join(dir, "src/app.ts"), "utf8");
    expect(app).not.toContain("sinks");
    expect(await readFile(join(dir, "src/server.ts"), "utf8")).toContain("EXHOOK_PORT ?? 9000)");
    expect(await readFile(join(dir, "src/server.ts"), "utf8")).toContain("EXHOOK_ADMIN_PORT ?? 9001)");
  });

  it("writes the JavaScript template", async () => {
    const result = await runCli("create", ["js-hooks", "--template", "js", "--sinks", "memory"], {
      cwd: root,
    });
    expect(result.code).toBe(0);
    const dir = join(root, "js-hooks");
    expect(await filesOf(dir)).toEqual([
      ".gitignore",
      "README.md",
      "package.json",
      "src/app.js",
      "src/app.test.js",
      "src/server.js",
      "src/sinks.js",
      "tsconfig.json",
    ]);
    expect(await readFile(join(dir, "src/sinks.js"), "utf8")).toContain('sinks: ["memory"] });');
  });

  it("uses the scope-free package name for EMQX's server name and shows the caller's package manager", async () => {
    const result = await runCli("create", ["scoped", "--name", "@acme/hooks", "--yes"], {
      cwd: root,
      env: { npm_config_user_agent: "pnpm/10.34.9 npm/? node/v20.20.0 linux x64" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("pnpm install");
    const readme = await readFile(join(root, "scoped/README.md"), "utf8");
    expect(readme).toContain("# @acme/hooks");
    expect(readme).toContain('name = "hooks"');
    expect(readme).toContain("pnpm dev");
  });

  it("refuses a folder that is not empty, and writes over it with --force", async () => {
    const dir = join(root, "taken");
    await mkdir(dir);
    await writeFile(join(dir, "notes.txt"), "mine");
    const refused = await runCli("create", ["taken", "--yes"], { cwd: root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^create-exhook: .*taken is not empty: .*--force/);
    expect(await readdir(dir)).toEqual(["notes.txt"]);

    const forced = await runCli("create", ["taken", "--yes", "--force"], { cwd: root });
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(dir, "package.json"))).toBe(true);
  });

  it("takes a folder holding only .git as empty", async () => {
    await mkdir(join(root, "repo/.git"), { recursive: true });
    expect((await runCli("create", ["repo", "--yes"], { cwd: root })).code).toBe(0);
  });

  it("rejects names npm would not publish, and writes nothing", async () => {
    const bad = await runCli("create", ["ok-folder", "--name", "Bad_Name", "--yes"], { cwd: root });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'create-exhook: package name "Bad_Name": the name has capital letters; pass --name bad_name, for example\n',
    );
    expect(existsSync(join(root, "ok-folder"))).toBe(false);

    const folder = await runCli("create", ["My Hooks", "--yes"], { cwd: root });
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain("pass --name my-hooks");
    expect(existsSync(join(root, "My Hooks"))).toBe(false);

    for (const name of [".hidden", "http", "a b", "node_modules"]) {
      const result = await runCli("create", ["x-folder", "--name", name, "--yes"], { cwd: root });
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(/^create-exhook: package name/);
    }
  });

  it("rejects a bad port, an unknown sink, an unknown template and an unknown flag", async () => {
    const cases: [string[], RegExp][] = [
      [["--port", "70000"], /port "70000": a port is a whole number from 1 to 65535/],
      [["--sinks", "log,kafka"], /unknown sink kafka; there are (\w+, )*log, memory, mqtt\b/],
      [["--template", "rust"], /no template named "rust"; there are js, ts/],
      [
        ["--colour"],
        /^create-exhook: unknown option --colour\nUsage: create-exhook \[dir\] \[options\] \(create-exhook --help lists the options\)\n$/,
      ],
      [["--port"], /^create-exhook: --port needs a value\nUsage: create-exhook /],
      [["--yes=no"], /^create-exhook: --yes takes no value\nUsage: create-exhook /],
    ];
    for (const [args, message] of cases) {
      const result = await runCli("create", ["never", "--yes", ...args], { cwd: root });
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(root, "never"))).toBe(false);
  });

  it("prints its own version with --version", async () => {
    const result = await runCli("create", ["--version"], { cwd: root });
    expect(result).toEqual({ code: 0, stdout: `${workspaceVersion("cli")}\n`, stderr: "" });
  });

  it("with --local-packages, installs every @exhook package from that folder's tarballs, nested ones too", async () => {
    const packs = join(root, "packs");
    await mkdir(packs);
    // Every package a project may depend on: the libraries and every sink of the workspace.
    const sinks = (await readdir(new URL("../../", import.meta.url))).filter((dir) =>
      dir.startsWith("sink-"),
    );
    const names = ["admin", "core", "proto", "testkit", ...sinks];
    for (const name of names) {
      await writeFile(join(packs, `exhook-${name}-${workspaceVersion(name)}.tgz`), "");
    }
    const result = await runCli(
      "create",
      ["local", "--sinks", "log", "--yes", "--local-packages", "packs"], // relative to the cwd
      { cwd: root },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const spec = (name: string) => `file:${join(packs, `exhook-${name}-${workspaceVersion(name)}.tgz`)}`;
    const manifest = (await readJson(join(root, "local/package.json"))) as Record<string, unknown>;
    expect(manifest["dependencies"]).toEqual({
      "@exhook/admin": spec("admin"),
      "@exhook/core": spec("core"),
      "@exhook/sink-log": spec("sink-log"),
    });
    expect(manifest["devDependencies"]).toMatchObject({ "@exhook/testkit": spec("testkit") });
    // @exhook/proto is no dependency of the project, but core's and testkit's: overridden all the same.
    const overrides = Object.fromEntries(names.map((name) => [`@exhook/${name}`, spec(name)]));
    expect(manifest["overrides"]).toEqual(overrides);
    expect(manifest["pnpm"]).toEqual({ overrides });

    await rm(join(packs, `exhook-proto-${workspaceVersion("proto")}.tgz`));
    const missing = await runCli("create", ["local-2", "--yes", "--local-packages", packs], { cwd: root });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`lacks exhook-proto-${workspaceVersion("proto")}.tgz`);
    expect(existsSync(join(root, "local-2"))).toBe(false);
  });

  it("prints its usage with the sinks it knows", async () => {
    const result = await runCli("create", ["--help"], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: create-exhook [dir] [options]");
    expect(result.stdout).toContain("log, memory, mqtt");
  });
});

describe("create-exhook, interactive", () => {
  it("asks for what the arguments leave out, and asks again after a bad answer", async () => {
    // Folder, package name (default taken), template, a bad port then a good one, sinks.
    const input = ["asked", "", "ts", "port-please", "9300", "log"].join("\n") + "\n";
    const result = await runCli("create", ["--interactive"], { cwd: root, input });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Package name (asked): ");
    expect(result.stdout).toContain("a port is a whole number from 1 to 65535");
    const dir = join(root, "asked");
    expect((await readJson(join(dir, "package.json"))).name).toBe("asked");
    expect(await readFile(join(dir, "src/server.ts"), "utf8")).toContain("EXHOOK_PORT ?? 9300)");
    expect(await readFile(join(dir, "src/sinks.ts"), "utf8")).toContain('sinks: ["log"] });');
  });

  it("writes nothing when the answers stop early", async () => {
    const result = await runCli("create", ["--interactive"], { cwd: root, input: "cut-short\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "create-exhook: cancelled before every question was answered; nothing was written\n",
    );
    expect(existsSync(join(root, "cut-short"))).toBe(false);
  });

  it("asks nothing for what the arguments give", async () => {
    const result = await runCli(
      "create",
      ["given", "--interactive", "--template", "js", "--port", "9001", "--sinks", ""],
      { cwd: root, input: "\n" },
    );
    expect(result.code).toBe(0);
    // Only the package name is left to ask.
    expect(result.stdout).toMatch(/^Package name \(given\): Created given/);
    expect(result.stdout).not.toMatch(/Template|Port|Sinks/);
  });
});

// The generated project, type-checked and tested against this workspace's built packages (no install:
// its node_modules is a link to this package's, which holds @exhook/core, @exhook/testkit and vitest).
describe("the generated TypeScript project", () => {
  const require = createRequire(import.meta.url);
  const cliModules = new URL("../node_modules/", import.meta.url);
  const run = (args: string[], cwd: string) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = {};
      for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("VITEST")) env[key] = value;
      execFile(
        process.execPath,
        args,
        { cwd, env: { ...env, NO_COLOR: "1" }, timeout: 60_000 },
        (error, out, err) =>
          resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: out + err }),
      );
    });

  async function generate(name: string, args: string[]): Promise<string> {
    expect((await runCli("create", [name, "--yes", ...args], { cwd: root })).code).toBe(0);
    const dir = join(root, name);
    await symlink(cliModules, join(dir, "node_modules"), "dir");
    return dir;
  }

  it("type-checks and passes its own test", async () => {
    const dir = await generate("checked", []);
    const tsc = await run([require.resolve("typescript/bin/tsc"), "--noEmit", "-p", "."], dir);
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
    const vitest = await run([join(dir, "node_modules/vitest/vitest.mjs"), "run", "--root", dir], dir);
    expect(vitest.output).toMatch(/Tests\s+4 passed/);
    expect(vitest.code).toBe(0);
  }, 60_000);

  it("type-checks the JavaScript template too", async () => {
    const dir = await generate("checked-js", ["--template", "js"]);
    const tsc = await run([require.resolve("typescript/bin/tsc"), "--noEmit", "-p", "."], dir);
    expect(tsc.output).toBe("");
  }, 60_000);

  // The sink packages are being written: this runs once they export their `sink` definition.
  it("type-checks with sinks", async () => {
    const dir = await generate("checked-sinks", ["--sinks", "log,mqtt"]);
    const tsc = await run([require.resolve("typescript/bin/tsc"), "--noEmit", "-p", "."], dir);
    expect(tsc.output).toBe("");
  }, 60_000);
});
