// The listener of the raw transport: a net (or TLS) server whose connections are H2Connections serving
// unary gRPC calls, with the preface and idle timeouts, listen and graceful close of the node:http2 host.
import * as net from "node:net";
import * as tls from "node:tls";
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_PREFACE_TIMEOUT_MS } from "../connection-watch.js";
import type { ResetLimits } from "../reset-budget.js";
import type { GrpcServer, GrpcServerOptions } from "../types.js";
import { H2Connection, type H2Limits } from "./connection.js";
import { type RawCall, type RawCallContext, RawCalls } from "./unary.js";

/** As the node:http2 host: EMQX pipelines many calls on each of its pool's connections. */
const DEFAULT_MAX_CONCURRENT_STREAMS = 4096;
/** A connection that got GOAWAY for idleness has this long for the calls still open on it. */
const MAX_CLOSE_GRACE_MS = 5_000;

/** One connection and what the idle sweep knows of it. */
interface Watched {
  readonly connection: H2Connection<RawCall>;
  readonly socket: net.Socket;
  readonly since: number;
  bytesRead: number;
  quietSince: number;
  closedAt: number | undefined;
}

export function createRawHost(
  context: RawCallContext,
  options: GrpcServerOptions,
  resets: ResetLimits,
): GrpcServer {
  const prefaceTimeoutMs = options.prefaceTimeoutMs ?? DEFAULT_PREFACE_TIMEOUT_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (!(prefaceTimeoutMs > 0)) {
    throw new RangeError(`gRPC server option prefaceTimeoutMs must be positive, not ${prefaceTimeoutMs}`);
  }
  if (!(idleTimeoutMs >= 0)) {
    throw new RangeError(`gRPC server option idleTimeoutMs must be 0 or more, not ${idleTimeoutMs}`);
  }
  const limits: H2Limits = {
    maxConcurrentStreams: options.http2Settings?.maxConcurrentStreams ?? DEFAULT_MAX_CONCURRENT_STREAMS,
    // node:http2's default maxHeaderListSize; EMQX's request headers take a few hundred bytes.
    maxHeaderBlockBytes: options.http2Settings?.maxHeaderListSize ?? 65_536,
    maxContinuations: 64,
    resetBurst: resets.burst,
    resetRate: resets.rate,
    // EMQX pings an idle connection once a minute; grpc-js and grpcio keepalives are as rare.
    controlBurst: 1000,
    controlRate: 100,
    maxOutboundBytes: 1024 * 1024,
  };
  const tlsOptions = options.tls;
  const watched = new Map<net.Socket, Watched>();
  let closing: Promise<void> | undefined;
  let settleClose: (() => void) | undefined;

  const accept = (socket: net.Socket) => {
    if (closing !== undefined) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const calls = new RawCalls(context);
    const connection = new H2Connection<RawCall>(socket, calls, limits, () => {
      watched.delete(socket);
      settleClose?.();
    });
    calls.connection = connection;
    const now = Date.now();
    watched.set(socket, {
      connection,
      socket,
      since: now,
      bytesRead: 0,
      quietSince: now,
      closedAt: undefined,
    });
  };

  let server: net.Server;
  if (tlsOptions === undefined) {
    server = net.createServer(accept);
  } else {
    const secure = tls.createServer({
      cert: tlsOptions.cert,
      key: tlsOptions.key,
      ...(tlsOptions.ca === undefined ? {} : { ca: tlsOptions.ca }),
      requestCert: tlsOptions.requireClientCert === true,
      rejectUnauthorized: tlsOptions.requireClientCert === true,
      ALPNProtocols: ["h2"],
      // A TLS handshake that does not finish is a preface that does not come.
      handshakeTimeout: prefaceTimeoutMs,
    });
    secure.on("secureConnection", (socket: tls.TLSSocket) => {
      // HTTP/2 only, as the node:http2 host (allowHTTP1: false): a client that did not pick h2 is closed.
      if (socket.alpnProtocol !== "h2") {
        socket.destroy();
        return;
      }
      accept(socket);
    });
    secure.on("tlsClientError", () => {});
    server = secure;
  }

  // One sweep for every connection: the preface deadline, then idleness by bytes read (no cost per frame).
  let sweep: NodeJS.Timeout | undefined;
  const startSweep = () => {
    const shortest = Math.min(prefaceTimeoutMs, idleTimeoutMs || Number.POSITIVE_INFINITY);
    const period = Math.max(10, Math.min(shortest / 4, 10_000));
    sweep = setInterval(() => {
      const now = Date.now();
      for (const w of watched.values()) {
        if (!w.connection.prefaced) {
          if (now - w.since >= prefaceTimeoutMs) w.connection.destroy();
          continue;
        }
        if (w.closedAt !== undefined) {
          if (now - w.closedAt >= Math.min(idleTimeoutMs, MAX_CLOSE_GRACE_MS)) w.connection.destroy();
          continue;
        }
        if (w.socket.bytesRead !== w.bytesRead) {
          w.bytesRead = w.socket.bytesRead;
          w.quietSince = now;
          continue;
        }
        if (idleTimeoutMs === 0 || now - w.quietSince < idleTimeoutMs) continue;
        w.closedAt = now;
        w.connection.goaway();
      }
    }, period);
    sweep.unref();
  };

  return {
    get sessions() {
      return watched.size;
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
            server.close();
            reject(new Error("the gRPC server was closed while it was starting to listen"));
            return;
          }
          // Accept errors (EMFILE and the like) must not crash the process; listen errors were handled above.
          server.on("error", () => {});
          startSweep();
          const address = server.address() as net.AddressInfo;
          resolve({ address: address.address, port: address.port });
        };
        server.once("error", onError);
        server.once("listening", onListening);
        server.listen(port, host);
      });
    },
    close({ deadlineMs = 5000 } = {}) {
      if (sweep !== undefined) clearInterval(sweep);
      closing ??= new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let listenerClosed = !server.listening;
        settleClose = () => {
          if (!listenerClosed || watched.size > 0) return;
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
        if (!listenerClosed) {
          server.close(() => {
            listenerClosed = true;
            settleClose?.();
          });
        }
        // GOAWAY on every connection: idle ones close now, busy ones once their calls are answered.
        for (const w of watched.values()) w.connection.goaway();
        timer = setTimeout(() => {
          for (const w of watched.values()) w.connection.destroy();
        }, deadlineMs);
        timer.unref();
        settleClose();
      });
      return closing;
    },
  };
}
