// The admin port: AdminService over Connect (HTTP/1.1 JSON), /metrics, /healthz and /readyz, behind a bearer token.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { adminV1 } from "@exhook/proto";
import { type AdminContext, createAdminService } from "./admin-service.js";
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

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** A constant-time check of `authorization: Bearer <token>`. */
function bearerChecker(token: string | undefined): (req: IncomingMessage) => boolean {
  if (token === undefined) return () => true;
  const expected = digest(token);
  return (req) => {
    const header = req.headers.authorization;
    if (header === undefined || !header.startsWith("Bearer ")) return false;
    return timingSafeEqual(digest(header.slice(7).trim()), expected);
  };
}

function closedWithoutToken(res: ServerResponse): void {
  res.writeHead(403, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      code: "permission_denied",
      message:
        "the admin API is off on a non-loopback address without a token: set admin.token (EXHOOK_ADMIN_TOKEN)",
    }),
  );
}

function unauthenticated(res: ServerResponse): void {
  // Connect's own error shape, so the CLI's Connect client reads it as Code.Unauthenticated.
  res.writeHead(401, {
    "content-type": "application/json",
    "www-authenticate": 'Bearer realm="exhook-admin"',
  });
  res.end(
    JSON.stringify({
      code: "unauthenticated",
      message: "a valid admin token is required (authorization: Bearer <token>)",
    }),
  );
}

export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const connect = connectNodeAdapter({
    routes: (router) => router.service(adminV1.AdminService, createAdminService(options)),
  });
  const authorized = bearerChecker(options.token);
  const closed = options.token === undefined && !options.loopback;

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    // Probes never need the token: the kubelet has none.
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (path === "/readyz") {
      const ready = options.ready();
      res
        .writeHead(ready ? 200 : 503, { "content-type": "text/plain" })
        .end(ready ? "ready\n" : "not ready\n");
      return;
    }
    if (path === "/metrics") {
      if (options.metricsRequireToken && closed) return closedWithoutToken(res);
      if (options.metricsRequireToken && !authorized(req)) return unauthenticated(res);
      options.metrics.scrape().then(
        (text) => res.writeHead(200, { "content-type": options.metrics.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
      );
      return;
    }
    if (closed) return closedWithoutToken(res);
    if (!authorized(req)) return unauthenticated(res);
    connect(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Admin calls are short; after the hooks have drained, nothing here is worth waiting for.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
