// The real server process's command line: --version, and mistakes answered with the usage, not a crash.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runToExit } from "./test-support/server-process.js";

const versionOf = (manifest: string): string =>
  (JSON.parse(readFileSync(new URL(manifest, import.meta.url), "utf8")) as { version: string }).version;

describe("exhook-server's command line", () => {
  it("prints the server's, @exhook/core's and Node's versions with --version, and starts nothing", async () => {
    const result = await runToExit({ args: ["--version"] });
    expect(result).toEqual({
      code: 0,
      stdout: `exhook-server ${versionOf("../package.json")} (@exhook/core ${versionOf("../../../packages/core/package.json")}, Node ${process.version})\n`,
      stderr: "",
    });
  });

  it("reads options after a leading -- (pnpm 10's `pnpm start -- --version` passes the -- on)", async () => {
    const result = await runToExit({ args: ["--", "--version"] });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^exhook-server /);
  });

  it("answers an unknown option, a missing value and an unknown command with the usage, exit 2", async () => {
    const cases: [string[], string][] = [
      [["--colour"], "exhook-server: unknown option --colour\n"],
      [["--config"], "exhook-server: --config needs a value\n"],
      [["--check=yes"], "exhook-server: --check takes no value\n"],
      [["serve"], 'exhook-server: unknown command "serve"\n'],
    ];
    const results = await Promise.all(cases.map(([args]) => runToExit({ args })));
    for (const [index, [args, firstLine]] of cases.entries()) {
      const result = results[index];
      expect(result?.code, args.join(" ")).toBe(2);
      const expected = `${firstLine}Usage:\n  exhook-server `;
      expect(result?.stderr.slice(0, expected.length), args.join(" ")).toBe(expected);
      expect(result?.stderr).not.toContain("failed to start");
      expect(result?.stdout).toBe("");
    }
  });
});
