// Starts the child processes of a run (pinned to a core) and makes sure every one of them dies with the harness.
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";

const children = new Set();
let hasTaskset;

function taskset() {
  hasTaskset ??= spawnSync("taskset", ["-V"]).status === 0;
  return hasTaskset;
}

/** Spawns `command` pinned to `core` (when taskset exists); the pid is the command's own, taskset execs it. */
export function spawnPinned(core, command, args, options = {}) {
  const pinned = taskset() && core !== undefined;
  const child = spawn(pinned ? "taskset" : command, pinned ? ["-c", String(core), command, ...args] : args, {
    stdio: ["ignore", "pipe", "pipe"],
    ...options,
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function killAll() {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
  children.clear();
}

let installed = false;
/** Kills every child on exit, Ctrl-C, SIGTERM and uncaught errors. */
export function installExitGuard() {
  if (installed) return;
  installed = true;
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(signal, () => {
      killAll();
      process.stderr.write(`\nbench: ${signal}, children killed\n`);
      process.exit(130);
    });
  }
  process.once("uncaughtException", (error) => {
    killAll();
    process.stderr.write(`bench: ${error.stack ?? error}\n`);
    process.exit(1);
  });
  process.once("unhandledRejection", (error) => {
    killAll();
    process.stderr.write(`bench: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}

/** A port free on 127.0.0.1 right now (nothing listens on it once this resolves). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port; rejects if the child exits or time runs out. */
export async function waitForPort(port, child, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode} before listening`);
    }
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not listening on ${port} after ${timeoutMs} ms`);
}

/** Keeps the last few KB of a stream, to explain a child that failed. */
export function tail(stream, limit = 4000) {
  let text = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk) => {
    text = (text + chunk).slice(-limit);
  });
  return () => text;
}
