// Starts the real server (node dist/main.js) as a child process and reads its "listening" log line.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const mainJs = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  adminUrl: string | undefined;
  stdout(): string;
  stderr(): string;
  /** JSON log lines seen so far. */
  logs(): Record<string, unknown>[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * How long a server process gets to exit (or to listen) before it is killed. Generous on purpose: the machine
 * may be loaded, and a test that needs less says so by finishing sooner, never by a tighter timer.
 */
export const processDeadlineMs = 60_000;

/**
 * Runs at most `limit` of the given tasks at once (default: one per core), for tests that start many server
 * processes: all at once they only queue for the CPU, and each one's deadline runs out while it waits.
 */
export function concurrencyLimit(limit = availableParallelism()): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

const dirs: string[] = [];
// Registered in each test file that imports this module (vitest isolates modules per file).
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory with the given files written into it, removed after the test file. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "exhook-server-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function spawnServer(options: StartOptions): ChildProcess {
  return spawn(process.execPath, [mainJs, ...(options.args ?? [])], {
    cwd: options.cwd ?? process.cwd(),
    env: {
      PATH: process.env["PATH"] ?? "",
      EXHOOK_PORT: "0",
      EXHOOK_ADMIN_PORT: "0",
      NODE_ENV: "test",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs the server to its exit (for config errors): code, stdout, stderr. */
export function runToExit(
  options: StartOptions,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnServer(options);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => {
    stderr += `\n[test harness: killed after ${processDeadlineMs / 1000} s without exiting]\n`;
    child.kill("SIGKILL");
  }, processDeadlineMs);
  // "close", not "exit": the output may still be arriving when the process has exited.
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

export async function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  const child = spawnServer(options);
  let out = "";
  let err = "";
  const logs: Record<string, unknown>[] = [];
  let pending = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const text = d.toString();
      out += text;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry["msg"] === "listening") resolve(entry);
        } catch {
          // a banner or pretty line
        }
      }
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    void exited.then((code) =>
      reject(new Error(`server exited with ${code} before listening:\n${err}\n${out}`)),
    );
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), processDeadlineMs);
  const entry = await listening.finally(() => clearTimeout(timer));
  return {
    child,
    port: entry["port"] as number,
    url: entry["url"] as string,
    adminUrl: entry["adminUrl"] as string | undefined,
    stdout: () => out,
    stderr: () => err,
    logs: () => logs,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const killer = setTimeout(() => child.kill("SIGKILL"), processDeadlineMs);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
