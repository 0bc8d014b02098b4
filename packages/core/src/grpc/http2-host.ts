// The node:http2 server underneath both gRPC servers: h2c or TLS/mTLS, session tracking, listen and graceful close.
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { ConnectionWatch } from "./connection-watch.js";
import type { ResetLimits } from "./reset-budget.js";
import type { GrpcConnectionLimits, GrpcServer, GrpcTlsOptions } from "./types.js";

export interface Http2Host extends GrpcServer {
  readonly server: http2.Http2Server | http2.Http2SecureServer;
}

// EMQX keeps a pool of connections and pipelines many calls on each: allow many concurrent streams, and
// enough session memory that a burst is queued instead of refused with ENHANCE_YOUR_CALM.
const defaultSettings: http2.Settings = {
  maxConcurrentStreams: 4096,
  enablePush: false,
};
const MAX_SESSION_MEMORY_MB = 64;

/** Server options of node 22.11+ that @types/node 20 does not know. */
interface ResetRateOptions {
  streamResetBurst?: number;
  streamResetRate?: number;
}

export function createHttp2Host(
  tls: GrpcTlsOptions | undefined,
  settings: http2.Settings | undefined,
  limits: GrpcConnectionLimits,
  resets: ResetLimits,
): Http2Host {
  const watch = new ConnectionWatch(limits);
  const serverOptions: http2.ServerOptions & ResetRateOptions = {
    settings: { ...defaultSettings, ...settings },
    maxSessionMemory: MAX_SESSION_MEMORY_MB,
    peerMaxConcurrentStreams: 4096,
    // nghttp2's rapid-reset bucket (node 22.11+; ignored before, see reset-budget.ts).
    streamResetBurst: resets.burst,
    streamResetRate: resets.rate,
  };
  const server =
    tls === undefined
      ? http2.createServer(serverOptions)
      : http2.createSecureServer({
          ...serverOptions,
          cert: tls.cert,
          key: tls.key,
          ...(tls.ca === undefined ? {} : { ca: tls.ca }),
          requestCert: tls.requireClientCert === true,
          rejectUnauthorized: tls.requireClientCert === true,
          allowHTTP1: false,
          ALPNProtocols: ["h2"],
          // A TLS handshake that does not finish is a preface that does not come (node's default: 120 s).
          handshakeTimeout: watch.prefaceTimeoutMs,
        });

  const sessions = new Set<http2.ServerHttp2Session>();
  let closing: Promise<void> | undefined;
  // Set once close() has stopped the listener; called again as sessions go, it resolves close() with the last.
  let settleClose: (() => void) | undefined;

  server.on("session", (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    watch.add(session);
    session.once("close", () => {
      sessions.delete(session);
      watch.delete(session);
      settleClose?.();
    });
    // A session that appears while shutting down (e.g. its TLS handshake finished late) goes away at once.
    if (closing !== undefined) session.close();
  });
  // Session and TLS failures (a broker dropping its connection) end that connection only; node already
  // destroys the session, the listeners keep the events from being unhandled.
  server.on("sessionError", ignore);
  server.on("tlsClientError", ignore);

  return {
    server,
    get sessions() {
      return sessions.size;
    },
    listen({ port, host }) {
      return new Promise((resolve, reject) => {
        if (closing !== undefined) {
          reject(new Error("the gRPC server is closed"));
          return;
        }
        const onError = (error: Error) => {
          server.off("listening", onListening);
          reject(error);
        };
        const onListening = () => {
          server.off("error", onError);
          if (closing !== undefined) {
            // close() ran while the port was being bound and found nothing listening: stop now.
            server.close();
            reject(new Error("the gRPC server was closed while it was starting to listen"));
            return;
          }
          watch.start();
          const address = server.address() as AddressInfo;
          resolve({ address: address.address, port: address.port });
        };
        server.once("error", onError);
        server.once("listening", onListening);
        server.listen(port, host);
      });
    },
    close({ deadlineMs = 5000 } = {}) {
      watch.stop();
      closing ??= new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let listenerClosed = !server.listening;
        settleClose = () => {
          if (!listenerClosed || sessions.size > 0) return;
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
        if (!listenerClosed) {
          server.close(() => {
            listenerClosed = true;
            settleClose?.();
          });
        }
        // GOAWAY on every connection: idle ones close now, busy ones once their in-flight calls are answered.
        for (const session of sessions) session.close();
        timer = setTimeout(() => {
          for (const session of sessions) session.destroy();
        }, deadlineMs);
        timer.unref();
        settleClose();
      });
      return closing;
    },
  };
}

function ignore(): void {}
