// Test-only: runs a BUILT binary of this package as a child process, the way a user's shell would.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const distDir = fileURLToPath(new URL("../../dist/", import.meta.url));

export function binPath(bin: "exhook"): string {
  const path = `${distDir}${bin}.js`;
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build first (pnpm --filter @exhook/cli build)`);
  }
  return path;
}

/** Asynchronous on purpose: a test server in this process must keep answering while the CLI runs. */
export function runCli(
  bin: "exhook",
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...options.env };
  // The caller's package manager and admin settings must not leak into what is tested.
  for (const key of ["npm_config_user_agent", "EXHOOK_ADMIN_URL", "EXHOOK_ADMIN_TOKEN"]) {
    if (options.env?.[key] === undefined) delete env[key];
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [binPath(bin), ...args],
      { cwd: options.cwd, env, timeout: 15_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}
