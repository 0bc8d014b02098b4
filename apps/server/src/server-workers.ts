// server.workers > 1: the gRPC port served by N worker processes (node:cluster, core's runWorkers), each a whole
// server (handlers, sinks, its own disk buffers); the primary holds the one admin port, the banner and SIGHUP.
import { type AdminServer, isLoopbackAddress, startClusterAdmin } from "@exhook/admin";
import { answerPrimary, type Logger, type RunningWorkers, runWorkers, type WorkerPool } from "@exhook/core";
import { bannerText } from "./banner.js";
import type { ServerConfig } from "./config-schema.js";
import { listenError } from "./listen-errors.js";
import { startServer } from "./server.js";

const hooksTopic = "exhook.server.hooks";
const reloadTopic = "exhook.server.reload";

export interface ServerWorkersOptions {
  config: ServerConfig;
  count: number;
  configFile: string | undefined;
  /** The process's logger; each worker's lines carry `worker: <i>`. */
  logger: Logger & { child(bindings: Record<string, unknown>): Logger };
}

/** Runs in the primary and in every worker (main.ts calls it in both); resolves once all listen. */
export function runServerWorkers(options: ServerWorkersOptions): Promise<RunningWorkers> {
  const { config, logger } = options;
  return runWorkers({
    workers: options.count,
    logger,
    // Each worker has shutdownDeadlineMs to drain; past that and a margin the primary kills it.
    drainTimeoutMs: config.server.shutdownDeadlineMs + 10_000,
    start: async (identity) => {
      const workerLogger = logger.child({ worker: identity.index });
      const server = await startServer(config, {
        logger: workerLogger,
        configFile: options.configFile,
        worker: identity,
      });
      answerPrimary(hooksTopic, () => server.app.offeredHooks("v2"));
      answerPrimary(reloadTopic, () => server.reload());
      // SIGHUP is the primary's to handle (it asks every worker); one sent to a worker alone is not fatal.
      process.on("SIGHUP", () =>
        workerLogger.info({ signal: "SIGHUP" }, "SIGHUP ignored: send it to the primary"),
      );
      return server;
    },
    primary: (pool) => startPrimary(pool, options),
  });
}

async function startPrimary(pool: WorkerPool, options: ServerWorkersOptions) {
  const { config, logger } = options;
  let admin: AdminServer | undefined;
  if (config.admin.enabled) {
    admin = await startClusterAdmin(pool, {
      host: config.admin.host,
      port: config.admin.port,
      token: config.admin.token,
      metricsRequireToken: config.admin.metricsRequireToken,
      logger,
      routes: (access) => ({
        // The dashboard's live tail is one process's: say so where it would be, instead of a bare 404.
        handle(req, res, path) {
          if (path !== "/") return false;
          if (!access.admit(req, res, "page")) return true;
          res
            .writeHead(404, { "content-type": "text/plain; charset=utf-8" })
            .end(
              "The dashboard is off with server.workers > 1; GetStats, /metrics and the exhook CLI cover every worker.\n",
            );
          return true;
        },
      }),
    }).catch((error: unknown) => {
      throw listenError(error, {
        what: "admin",
        host: config.admin.host,
        port: config.admin.port,
        key: "admin.port",
        fromEnv: config.fromEnv,
        orElse: "turn the admin port off with admin: false",
      });
    });
    if (config.admin.token === undefined && !isLoopbackAddress(config.admin.host)) {
      logger.warn(
        { host: config.admin.host },
        "no admin token: beyond loopback only /healthz and /readyz answer; set admin.token to manage this server",
      );
    }
  }
  const [first] = await pool.ask(hooksTopic, null, { only: 1 });
  const hooks = first?.ok === true ? (first.value as { name: string; topics: string[] }[]) : [];
  const url = pool.url ?? "";
  if (config.log.banner) {
    process.stdout.write(
      bannerText({
        url,
        adminUrl: admin?.url,
        hooks,
        tls: config.server.tls !== undefined,
        emqx: config.emqx,
        configFile: options.configFile,
      }),
    );
  }
  logger.info(
    {
      url,
      port: pool.port,
      adminUrl: admin?.url,
      adminPort: admin?.port,
      hooks: hooks.map((h) => h.name),
      dataDir: config.server.dataDir,
      workers: pool.size,
      pids: pool.slots().map((s) => s.pid),
    },
    "listening",
  );
  process.on("SIGHUP", () => {
    logger.info({ signal: "SIGHUP" }, "reloading the config in every worker");
    void pool.ask(reloadTopic, null).then((answers) => {
      const failed = answers.filter((a) => !a.ok);
      if (failed.length > 0)
        logger.error({ workers: failed.map((a) => a.index) }, "reload failed in workers");
    });
  });
  return { close: async () => admin?.close() };
}
