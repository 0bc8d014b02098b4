// `node apps/server/dist/main.js [--config exhook.yaml] [--check]` and `… hash-password [password]`.
import cluster from "node:cluster";
import { workerCount } from "@exhook/core";
import { parseServerArgs, UsageError } from "./args.js";
import { checkConfig } from "./check.js";
import { loadConfig } from "./config.js";
import { ConfigError, problemText } from "./config-error.js";
import { createLogger } from "./log.js";
import { hashPassword } from "./password.js";
import { startServer } from "./server.js";
import { runServerWorkers } from "./server-workers.js";
import { versionLine } from "./version.js";

const usage = `Usage:
  exhook-server [--config exhook.yaml]   start the server (EXHOOK_CONFIG also names the file)
  exhook-server --check [--config f]     check all that start checks (sinks, handlers module), open nothing
  exhook-server hash-password [pw]       print a users-file hash (reads the password from stdin if not given)
  exhook-server --version                print the versions of the server, @exhook/core and Node
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** Set while `--check` runs, so a failure is not reported as a failed start. */
let checking = false;

async function main(): Promise<number> {
  const { values, positionals } = parseServerArgs(process.argv.slice(2));
  if (values.help === true) {
    process.stdout.write(usage);
    return 0;
  }
  if (values.version === true) {
    process.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  if (positionals[0] === "hash-password") {
    const password = positionals[1] ?? (await readStdin());
    if (password === "") {
      process.stderr.write("hash-password: the password is empty\n");
      return 2;
    }
    process.stdout.write(`${await hashPassword(password)}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unknown command "${positionals[0]}"`);

  const file = values.config ?? (process.env["EXHOOK_CONFIG"] || undefined);
  // A SIGHUP while starting (a deploy tool that reloads right after it starts us) must not kill the process
  // (SIGHUP's default action): the file may have changed after it was read, so it is reloaded once started.
  let reloadWhenStarted = false;
  const hangupWhileStarting = () => {
    reloadWhenStarted = true;
  };
  process.on("SIGHUP", hangupWhileStarting);
  const { config } = await loadConfig(file === undefined ? {} : { file });
  if (values.check === true) {
    checking = true;
    await checkConfig(config);
    process.stdout.write(`config ok: ${file ?? "embedded default"}\n`);
    // The handlers module's register() may have opened things (a pool, a timer) that would keep us running.
    process.exit(0);
  }
  const logger = createLogger(config.log);
  const workers = workerCount(config.server.workers);
  if (workers > 1 || cluster.isWorker) {
    // This file runs in the primary and in each worker alike; runWorkers knows which it is.
    await runServerWorkers({ config, count: workers, configFile: file, logger });
    return -1;
  }
  const server = await startServer(config, { logger, configFile: file });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "already draining");
      return;
    }
    stopping = true;
    logger.info({ signal, deadlineMs: config.server.shutdownDeadlineMs }, "draining");
    server.close().then(
      () => {
        logger.info({}, "stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // SIGHUP: read the config file again and apply it with the connections open (reload.ts logs the outcome).
  const reload = () => {
    logger.info({ signal: "SIGHUP" }, "reloading the config");
    void server.reload();
  };
  process.off("SIGHUP", hangupWhileStarting);
  process.on("SIGHUP", reload);
  if (reloadWhenStarted) reload();
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`exhook-server: ${error.message}\n${usage}`);
      process.exit(2);
    }
    if (error instanceof ConfigError) {
      process.stderr.write(error.problems.map((p) => `config error: ${problemText(p)}\n`).join(""));
      process.exit(2);
    }
    const failed = checking ? "exhook-server --check failed" : "exhook server failed to start";
    process.stderr.write(`${failed}: ${error instanceof Error ? error.message : String(error)}\n`);
    // A worker that failed to start (a config error it found: 2) said why; its code is the server's.
    const exitCode = (error as { exitCode?: unknown } | null)?.exitCode;
    process.exit(typeof exitCode === "number" ? exitCode : 1);
  },
);
