// Wires a validated config into a running server: app, sinks, presets, handlers module, gRPC and admin ports.

import { type AdminServer, answerAdminCalls, isLoopbackAddress, startAdmin } from "@exhook/admin";
import type { Exhook, Logger, WorkerIdentity } from "@exhook/core";
import type { SinkRuntime } from "@exhook/core/sink";
import { createAddSink } from "./admin-add-sink.js";
import { createServerApp, registerConfiguredHandlers } from "./app-setup.js";
import { bannerText } from "./banner.js";
import type { ServerConfig } from "./config-schema.js";
import { dashboardRoutes } from "./dashboard-http.js";
import { listenError } from "./listen-errors.js";
import { Reloader, type ReloadResult, type ReloadStats } from "./reload.js";
import { addConfiguredSinks } from "./sinks.js";

export interface StartServerOptions {
  logger: Logger;
  /** The file the config came from, for the banner. */
  configFile?: string | undefined;
  /** Where the banner goes; default stdout. */
  print?: (text: string) => void;
  /**
   * One of `server.workers` processes: no admin port and no banner (the primary has them); admin calls come
   * from the primary over IPC.
   */
  worker?: WorkerIdentity | undefined;
}

export interface RunningServer {
  readonly app: Exhook;
  readonly sinks: SinkRuntime;
  /** The gRPC address to give EMQX. */
  readonly url: string;
  readonly port: number;
  readonly admin: AdminServer | undefined;
  /** Listening and not draining. */
  ready(): boolean;
  /**
   * Reads the config file again and applies it with the connections open, or refuses it whole (the old
   * configuration keeps running). Never rejects.
   */
  reload(): Promise<ReloadResult>;
  /** Reloads applied and refused, and when the last one was. */
  reloads(): ReloadStats;
  /** Stops taking calls, answers those in flight, flushes the sinks, closes the admin port. */
  close(): Promise<void>;
}

/** Throws ConfigError for problems only found while building (sink props, users file, handlers module). */
export async function startServer(config: ServerConfig, options: StartServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const app = createServerApp(config, logger);
  const sinks = await addConfiguredSinks(app, config.sinks, config.routes, config.baseDir);
  const configuredSinkTypes = new Set(Object.values(config.sinks).map((sink) => sink.type));
  const reloader = new Reloader({
    app,
    sinks,
    logger,
    config,
    configFile: options.configFile,
    routeIds: sinks.routes().map((route) => route.id),
    configuredSinkTypes,
    afterApply: (reloaded) => warnAboutIgnoredAuthentication(reloaded, logger),
  });
  let listening = false;
  let draining = false;
  const ready = () => listening && !draining;
  let admin: AdminServer | undefined;
  const reload = (): Promise<ReloadResult> => {
    if (draining) {
      const problems = [{ path: "", reason: "the server is draining: no reload" }];
      return Promise.resolve({ applied: false, problems, changes: [], warnings: [], offerChanged: false });
    }
    return reloader.reload();
  };
  try {
    await registerConfiguredHandlers(app, config, logger);
    warnAboutIgnoredAuthentication(app, logger);

    const listenOptions = {
      host: config.server.host,
      port: config.server.port,
      transport: config.server.transport,
      ...(config.server.tls === undefined ? {} : { tls: config.server.tls }),
      ...(config.server.limits === undefined ? {} : { limits: config.server.limits }),
    };
    const address = await app.listen(listenOptions).catch((error: unknown) => {
      throw listenError(error, {
        what: "gRPC",
        ...listenOptions,
        key: "server.port",
        fromEnv: config.fromEnv,
      });
    });
    listening = true;

    const addSink = createAddSink({ app, sinks, baseDir: config.baseDir, configuredSinkTypes });
    const reloadHandler = { run: () => reload(), stats: () => reloader.stats() };
    const worker = options.worker;
    if (worker !== undefined) {
      answerAdminCalls(app, { logger, ready, addSink, reload: reloadHandler });
    } else if (config.admin.enabled) {
      admin = await startAdmin(app, {
        host: config.admin.host,
        port: config.admin.port,
        token: config.admin.token,
        metricsRequireToken: config.admin.metricsRequireToken,
        logger,
        ready,
        routes: (access) => dashboardRoutes(app, sinks, access),
        addSink,
        reload: reloadHandler,
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
    const hooks = app.offeredHooks("v2");
    if (config.log.banner && worker === undefined) {
      const text = bannerText({
        url: address.url,
        adminUrl: admin?.url,
        hooks,
        tls: config.server.tls !== undefined,
        emqx: config.emqx,
        configFile: options.configFile,
      });
      (options.print ?? ((t: string) => process.stdout.write(t)))(text);
    }

    // The marker line a supervisor (or a test) waits for: the banner is out by now. A worker's is its own: the
    // primary writes the server's once every worker listens.
    logger.info(
      {
        url: address.url,
        port: address.port,
        adminUrl: admin?.url,
        adminPort: admin?.port,
        hooks: hooks.map((h) => h.name),
        dataDir: config.server.dataDir,
        transport: config.server.transport,
      },
      worker === undefined ? "listening" : "worker listening",
    );
    let closing: Promise<void> | undefined;
    const serverAdmin = admin;
    return {
      app,
      sinks,
      url: address.url,
      port: address.port,
      admin,
      ready,
      reload,
      reloads: () => reloader.stats(),
      close: () => {
        closing ??= (async () => {
          draining = true;
          await app.close({ deadlineMs: reloader.config.server.shutdownDeadlineMs });
          await serverAdmin?.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await admin?.close();
    await app.close({ deadlineMs: 1000 }).catch(() => {});
    await sinks.close({ deadlineMs: 1000 });
    throw error;
  }
}

/**
 * A sink route on client.authenticate with no handler deciding it makes the server answer IGNORE, and EMQX
 * 5.0–5.8 rejects a client every ExHook server IGNOREd: say so at start.
 */
function warnAboutIgnoredAuthentication(app: Exhook, logger: Logger): void {
  if (!app.offeredHooks("v2").some((h) => h.name === "client.authenticate")) return;
  if (!app.hasHandlers("client.authenticate")) {
    logger.warn(
      { hook: "client.authenticate" },
      "client.authenticate is offered but no handler decides it: EMQX 5.0-5.8 rejects clients every ExHook server ignores",
    );
  }
}
