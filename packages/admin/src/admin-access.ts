// Who may use the admin port: the bearer token, loopback-only without one, and the Host check against DNS rebinding.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { Logger } from "@exhook/core";

/**
 * What a request asks for. `probe`: /healthz, /readyz (never guarded: the kubelet has no token).
 * `metrics`: /metrics (guarded unless `metricsRequireToken` is false). `management`: the AdminService and
 * anything else that reads or changes the server (the dashboard's state too). `page`: the dashboard's page and
 * script, which hold no data: no token (a browser cannot send one on navigation), but the Host and Origin checks.
 */
export type AdminResource = "probe" | "metrics" | "management" | "page";

export interface AdminAccessOptions {
  token: string | undefined;
  /** The admin port listens on a loopback address only. */
  loopback: boolean;
  metricsRequireToken: boolean;
  /** Refusals are logged here (warn), with the remote address. */
  logger?: Logger | undefined;
}

/** Why a request was refused, in Connect's error shape so the CLI's client reads the code. */
export interface AdminRefusal {
  status: 401 | 403 | 405;
  code: "unauthenticated" | "permission_denied" | "unimplemented";
  message: string;
  headers?: Record<string, string>;
}

export interface AdminAccess {
  /** undefined when the request may go on, else why not. */
  check(req: IncomingMessage, resource: AdminResource): AdminRefusal | undefined;
  /** check(), and on a refusal answers the request with it; true when the caller may serve the request. */
  admit(req: IncomingMessage, res: ServerResponse, resource: AdminResource): boolean;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** The token of `authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235 section 2.1). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

/**
 * A Host header naming this machine: `localhost`, `127.x.y.z` or `[::1]`, with or without a port. A web page
 * that rebinds its own name to 127.0.0.1 still sends its own name here, which is how it is told apart.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = /^(\[[^\]]*\]|[^:]*)(?::\d{1,5})?$/.exec(host.trim().toLowerCase())?.[1];
  if (name === undefined) return false;
  if (name === "localhost" || name === "localhost." || name === "[::1]") return true;
  return (
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) && name.split(".").every((part) => Number(part) <= 255)
  );
}

/** An address to listen on that only this machine reaches: 127.x.y.z, ::1 or localhost. */
export function isLoopbackAddress(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/** An Origin a page served from this machine would send (`http://localhost:3000`); `null` (a file, a sandbox) is not. */
function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).host);
  } catch {
    return false;
  }
}

const withoutTokenBeyondLoopback: AdminRefusal = {
  status: 403,
  code: "permission_denied",
  message:
    "the admin API is off on a non-loopback address without a token: set admin.token (EXHOOK_ADMIN_TOKEN)",
};

const unauthenticated: AdminRefusal = {
  status: 401,
  code: "unauthenticated",
  message: "a valid admin token is required (authorization: Bearer <token>)",
  headers: { "www-authenticate": 'Bearer realm="exhook-admin"' },
};

// Browsers send OPTIONS before a cross-origin call; answering none (and no Access-Control-* header anywhere)
// keeps every other origin's page out.
const preflight: AdminRefusal = {
  status: 405,
  code: "unimplemented",
  message: "the admin port answers no CORS preflight: call it from the CLI, curl or a same-origin page",
  headers: { allow: "GET, POST" },
};

export function createAdminAccess(options: AdminAccessOptions): AdminAccess {
  const expected = options.token === undefined ? undefined : digest(options.token);

  const check = (req: IncomingMessage, resource: AdminResource): AdminRefusal | undefined => {
    if (req.method === "OPTIONS") return preflight;
    if (resource === "probe") return undefined;
    if (resource === "metrics" && !options.metricsRequireToken) return undefined;
    if (resource === "page" && expected !== undefined) return undefined;
    if (expected !== undefined) {
      const given = bearerToken(req.headers.authorization);
      // Digests make the comparison constant-time whatever the length of what was sent.
      return given !== undefined && timingSafeEqual(digest(given), expected) ? undefined : unauthenticated;
    }
    if (!options.loopback) return withoutTokenBeyondLoopback;
    // Without a token, being reachable only from this machine is the protection, and a browser on this
    // machine can be steered here by DNS rebinding: only requests addressed to a loopback name pass.
    if (!isLoopbackHost(req.headers.host)) {
      return {
        status: 403,
        code: "permission_denied",
        message: `Host ${JSON.stringify(req.headers.host ?? "")} is not a loopback name: without admin.token the admin port answers only requests to localhost, 127.x.x.x or [::1]`,
      };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(origin)) {
      return {
        status: 403,
        code: "permission_denied",
        message: `Origin ${JSON.stringify(origin)} is not on this machine: without admin.token the admin port refuses other sites' pages`,
      };
    }
    return undefined;
  };

  return {
    check,
    admit(req, res, resource) {
      const refusal = check(req, resource);
      if (refusal === undefined) return true;
      options.logger?.warn(
        { remote: req.socket.remoteAddress, method: req.method, path: req.url, status: refusal.status },
        `admin request refused: ${refusal.message}`,
      );
      res.writeHead(refusal.status, { "content-type": "application/json", ...refusal.headers });
      res.end(JSON.stringify({ code: refusal.code, message: refusal.message }));
      return false;
    },
  };
}
