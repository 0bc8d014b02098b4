// The admin port: AdminService over Connect (HTTP/1.1 JSON), /metrics, /healthz and /readyz, behind a bearer token;
// the host app may add routes (the default server's dashboard).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createContextValues, type ServiceImpl } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Exhook, Logger } from "@exhook/core";
import { adminV1 } from "@exhook/proto";
import { type AdminAccess, createAdminAccess, isLoopbackAddress } from "./admin-access.js";
import { type AddSinkHandler, createAdminService, remoteAddressKey } from "./admin-service.js";
import { ServerMetrics } from "./metrics.js";
import type { ReloadHandler } from "./reload.js";

export interface AdminOptions {
  /** Default `127.0.0.1`: only this machine reaches it. */
  host?: string | undefined;
  /** Default 9001, where the exhook CLI looks first; 0 picks a free port. */
  port?: number | undefined;
  /**
   * The bearer token management calls (and /metrics, see below) need. Without one, they answer only on a
   * loopback address: anyone who can reach a wider one could otherwise disable authentication or load a sink.
   */
  token?: string | undefined;
  /** Default true: /metrics needs the token too (when there is one). */
  metricsRequireToken?: boolean | undefined;
  /** Default the app's. */
  logger?: Logger | undefined;
  /** What /readyz and `exhook_up` report; default: ready while the admin port is open. */
  ready?: (() => boolean) | undefined;
  /** AddSink: without it, the call answers `unimplemented` (see `AddSinkHandler`). */
  addSink?: AddSinkHandler | undefined;
  /** Reload (the config file read again): without it, the call answers `unimplemented`. */
  reload?: ReloadHandler | undefined;
  /**
   * More HTTP routes on the port (the default server's dashboard), made once with the port's access checks.
   * They see each request after the probes and /metrics, before the AdminService.
   */
  routes?: ((access: AdminAccess) => AdminRoutes) | undefined;
}

export interface AdminRoutes {
  /** Serves the request when it is one of these routes' (checking access itself); false when it is not. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
  /** When the port closes. */
  close?(): void;
}

export interface AdminServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What the admin port serves when there is no app in this process (a cluster's primary asks its workers). */
export interface AdminPortOptions extends Omit<AdminOptions, "addSink" | "reload" | "ready" | "logger"> {
  logger: Logger;
  /** What /readyz and `exhook_up` report. */
  ready: () => boolean;
  /** The AdminService's calls. */
  service: ServiceImpl<typeof adminV1.AdminService>;
  /** /metrics: the exposition text and its content type. */
  metrics: { scrape(): Promise<string>; readonly contentType: string };
}

/** Starts the admin port of `app`: the AdminService the exhook CLI speaks, /metrics, /healthz and /readyz. */
export async function startAdmin(app: Exhook, options: AdminOptions = {}): Promise<AdminServer> {
  const logger = options.logger ?? app.logger;
  let open = true;
  const ready = options.ready ?? (() => open);
  const reload = options.reload;
  const metrics = new ServerMetrics({
    app,
    sinks: () => app.sinks,
    ready,
    ...(reload === undefined ? {} : { reloads: () => reload.stats() }),
  });
  const server = await startAdminPort({
    ...options,
    logger,
    ready,
    service: createAdminService({ app, logger, addSink: options.addSink, reload }),
    metrics,
  });
  return {
    ...server,
    close: () => {
      open = false;
      return server.close();
    },
  };
}

/** The admin port around a given AdminService and /metrics: what `startAdmin` serves for one app. */
export async function startAdminPort(options: AdminPortOptions): Promise<AdminServer> {
  const host = options.host ?? "127.0.0.1";
  const { logger, ready, metrics } = options;
  const connect = connectNodeAdapter({
    routes: (router) => router.service(adminV1.AdminService, options.service),
    contextValues: (req) =>
      createContextValues().set(remoteAddressKey, req.socket.remoteAddress ?? "unknown"),
  });
  const access = createAdminAccess({
    token: options.token,
    loopback: isLoopbackAddress(host),
    metricsRequireToken: options.metricsRequireToken ?? true,
    logger,
  });
  const routes = options.routes?.(access);

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    // Probes never need the token: the kubelet has none.
    if (path === "/healthz" || path === "/readyz") {
      if (!access.admit(req, res, "probe")) return;
      const isReady = path === "/healthz" || ready();
      const text = path === "/healthz" ? "ok\n" : isReady ? "ready\n" : "not ready\n";
      res.writeHead(isReady ? 200 : 503, { "content-type": "text/plain" }).end(text);
      return;
    }
    if (path === "/metrics") {
      if (!access.admit(req, res, "metrics")) return;
      metrics.scrape().then(
        (text) => res.writeHead(200, { "content-type": metrics.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
      );
      return;
    }
    if (routes?.handle(req, res, path ?? "/") === true) return;
    if (!access.admit(req, res, "management")) return;
    connect(req, res);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 9001, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    routes?.close?.();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost === "0.0.0.0" ? "127.0.0.1" : urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        routes?.close?.();
        server.close(() => resolve());
        server.closeIdleConnections();
        // Admin calls are short; after the hooks have drained, nothing here is worth waiting for.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
