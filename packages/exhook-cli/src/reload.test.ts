// `exhook reload` (the built binary) against the real @exhook/server: applied, refused with every problem.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-support/run-cli.js";

const serverMain = fileURLToPath(new URL("../node_modules/@exhook/server/dist/main.js", import.meta.url));

let dir: string;
let server: ChildProcess;
let adminUrl: string;

const config = (extra: string) =>
  `log: { banner: false }\nacl:\n  default: deny\n  rules: [{ permission: allow, topics: ["a/#"] }]\n${extra}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "exhook-reload-"));
  writeFileSync(join(dir, "exhook.yaml"), config(""));
  server = spawn(process.execPath, [serverMain, "--config", "exhook.yaml"], {
    cwd: dir,
    env: { PATH: process.env["PATH"] ?? "", EXHOOK_PORT: "0", EXHOOK_ADMIN_PORT: "0", NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  adminUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    server.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"adminUrl":"(http:\/\/[^"]+)"/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.on("exit", (code) => reject(new Error(`server exited ${code}:\n${output}`)));
  });
}, 90_000);

afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("exhook reload", () => {
  it("applies the changed file and says what changed", async () => {
    writeFileSync(join(dir, "exhook.yaml"), config("sinks:\n  audit: { type: memory }\n"));
    const result = await runCli("exhook", ["reload", "--admin", adminUrl]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe("reloaded:\n  sink audit added\n");
    const drivers = await runCli("exhook", ["drivers", "--admin", adminUrl, "--json"]);
    expect((JSON.parse(drivers.stdout) as { name: string }[]).map((d) => d.name)).toEqual(["acl", "audit"]);
  });

  it("exits 1 with every problem, one a line, and the server keeps running the old config", async () => {
    writeFileSync(
      join(dir, "exhook.yaml"),
      config("sinks:\n  audit: { type: memory }\n").replace("default: deny", "default: maybe") +
        "rewrite: [{ to: x }]\n",
    );
    const result = await runCli("exhook", ["reload", "--admin", adminUrl]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^exhook: Reload failed: invalid_argument: acl\.default: .*\nrewrite\[0\]: /s,
    );
    const stats = await runCli("exhook", ["stats", "--admin", adminUrl, "--json"]);
    expect(JSON.parse(stats.stdout).reloads).toMatchObject({ ok: 1, refused: 1, lastOutcome: "refused" });
  });
});
