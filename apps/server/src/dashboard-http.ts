// The dashboard over HTTP: the page and its script at `/`, its state at `/dashboard/state`, behind the admin checks.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { AdminAccess, AdminRoutes } from "@exhook/admin";
import type { Exhook } from "@exhook/core";
import type { SinkRuntime } from "@exhook/core/sink";
import { DashboardFeed } from "./dashboard-feed.js";
import { DashboardTail } from "./dashboard-tail.js";

interface Asset {
  type: string;
  body: Buffer;
}

// Read once at start: the page is three small files that ship next to this module (src/ and dist/ alike).
function loadAssets(): Map<string, Asset> {
  const dir = new URL("./dashboard/", import.meta.url);
  const read = (file: string) => readFileSync(new URL(file, dir));
  return new Map([
    ["/", { type: "text/html; charset=utf-8", body: read("index.html") }],
    ["/dashboard.js", { type: "text/javascript; charset=utf-8", body: read("dashboard.js") }],
    ["/dashboard.css", { type: "text/css; charset=utf-8", body: read("dashboard.css") }],
  ]);
}

// Same-origin script, style and fetch only; no framing (clickjacking of the enable/disable buttons).
const pageHeaders = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** A peer address on this machine, IPv4-mapped IPv6 included. */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (plain === "::1") return true;
  return isIP(plain) === 4 && plain.startsWith("127.");
}

function intParam(params: URLSearchParams, name: string): number {
  const value = Number(params.get(name) ?? "0");
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export interface DashboardHttp {
  /** Serves the request when it is the dashboard's; false when it is not. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

export function createDashboardHttp(feed: DashboardFeed, access: AdminAccess): DashboardHttp {
  const assets = loadAssets();
  return {
    handle(req, res, path) {
      const asset = assets.get(path);
      if (asset !== undefined) {
        if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS") return false;
        // The page holds no data (the state below is guarded like the API), but it still passes the Host check.
        if (!access.admit(req, res, "page")) return true;
        res.writeHead(200, { "content-type": asset.type, ...pageHeaders });
        res.end(req.method === "HEAD" ? undefined : asset.body);
        return true;
      }
      if (path !== "/dashboard/state") return false;
      if (!access.admit(req, res, "management")) return true;
      const params = new URL(req.url ?? "/", "http://admin").searchParams;
      const state = feed.state({
        after: intParam(params, "after"),
        viewerOnLoopback: isLoopbackPeer(req.socket.remoteAddress),
        tail:
          params.get("tail") === "1"
            ? {
                since: intParam(params, "since"),
                hook: params.get("hook") ?? "",
                topic: params.get("topic") ?? "",
              }
            : undefined,
      });
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(state));
      return true;
    },
  };
}

/** The dashboard as routes of the admin port (`startAdmin`'s `routes`). */
export function dashboardRoutes(app: Exhook, sinks: SinkRuntime, access: AdminAccess): AdminRoutes {
  const feed = new DashboardFeed({ app, sinks, tail: new DashboardTail({ app }) });
  const http = createDashboardHttp(feed, access);
  return { handle: (req, res, path) => http.handle(req, res, path), close: () => feed.close() };
}
