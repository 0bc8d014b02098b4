// The admin port: AdminService over Connect (HTTP/1.1 JSON), the dashboard at /, /metrics, /healthz and /readyz.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createContextValues } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { adminV1 } from "@exhook/proto";
import { createAdminAccess } from "./admin-access.js";
import { type AdminContext, createAdminService, remoteAddressKey } from "./admin-service.js";
import { DashboardFeed } from "./dashboard-feed.js";
import { createDashboardHttp } from "./dashboard-http.js";
import { DashboardTail } from "./dashboard-tail.js";
import type { ServerMetrics } from "./metrics.js";

export interface AdminServerOptions extends AdminContext {
  host: string;
  port: number;
  token: string | undefined;
  /**
   * Without a token, the management calls (and a token-guarded /metrics) answer only on a loopback
   * address: anyone who can reach a wider one could otherwise disable authentication or load a sink.
   */
  loopback: boolean;
  metricsRequireToken: boolean;
  metrics: ServerMetrics;
  /** Listening and not draining. */
  ready: () => boolean;
}

export interface AdminServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const connect = connectNodeAdapter({
    routes: (router) => router.service(adminV1.AdminService, createAdminService(options)),
    contextValues: (req) =>
      createContextValues().set(remoteAddressKey, req.socket.remoteAddress ?? "unknown"),
  });
  const access = createAdminAccess(options);
  const feed = new DashboardFeed({
    app: options.app,
    sinks: options.sinks,
    tail: new DashboardTail({ app: options.app }),
  });
  const dashboard = createDashboardHttp(feed, access);

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    // Probes never need the token: the kubelet has none.
    if (path === "/healthz" || path === "/readyz") {
      if (!access.admit(req, res, "probe")) return;
      const ready = path === "/healthz" || options.ready();
      const text = path === "/healthz" ? "ok\n" : ready ? "ready\n" : "not ready\n";
      res.writeHead(ready ? 200 : 503, { "content-type": "text/plain" }).end(text);
      return;
    }
    if (path === "/metrics") {
      if (!access.admit(req, res, "metrics")) return;
      options.metrics.scrape().then(
        (text) => res.writeHead(200, { "content-type": options.metrics.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
      );
      return;
    }
    if (dashboard.handle(req, res, path ?? "/")) return;
    if (!access.admit(req, res, "management")) return;
    connect(req, res);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    feed.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        feed.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        // Admin calls are short; after the hooks have drained, nothing here is worth waiting for.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
