// The public contract of the gRPC server: routes, the per-call context handlers see, options and the server handle.

import type * as http2 from "node:http2";
import type { DescMessage, DescMethod, DescMethodUnary, MessageShape } from "@bufbuild/protobuf";

/** The per-call context given to a unary handler. */
export interface UnaryCall {
  /** The RPC being called. */
  readonly method: DescMethod;
  /** The gRPC path, `/<package>.<Service>/<Rpc>`. */
  readonly path: string;
  /** When the caller gives up, in epoch ms (from `grpc-timeout`); `Infinity` without a timeout. */
  readonly deadline: number;
  /** The request's HTTP/2 headers, as node:http2 received them. */
  readonly requestHeaders: http2.IncomingHttpHeaders;
  /**
   * Aborts when the client cancels (RST_STREAM or a lost connection), when the deadline passes, or when a
   * server shutdown destroys the call. Created on first access, so calls that never read it pay nothing.
   */
  readonly signal: AbortSignal;
  /** The remote end of the HTTP/2 connection. */
  readonly peer: { readonly address: string; readonly port: number };
  /**
   * True once the call is over for the client: answered (e.g. DEADLINE_EXCEEDED when its grpc-timeout
   * passed) or cancelled. An answer returned now reaches nobody; count it as such.
   */
  readonly ended: boolean;
}

/**
 * Answers one unary call: the output message, or its pre-encoded bytes (a constant answer then skips
 * encoding; the bytes must not be mutated afterwards), synchronously or as a Promise.
 */
export type UnaryHandler<I extends DescMessage = DescMessage, O extends DescMessage = DescMessage> = (
  request: MessageShape<I>,
  call: UnaryCall,
) => MessageShape<O> | Uint8Array | Promise<MessageShape<O> | Uint8Array>;

/** One served RPC: a unary method descriptor and its handler. */
export interface UnaryRoute {
  readonly method: DescMethod;
  readonly handler: UnaryHandler;
}

/** A route for a generated unary method, with request and answer types inferred from the descriptor. */
export function unaryRoute<I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  handler: UnaryHandler<I, O>,
): UnaryRoute;
/** A route for a method of an untyped `DescService` (e.g. `hookProviders.v2.methods[i]`). */
export function unaryRoute(method: DescMethod, handler: UnaryHandler): UnaryRoute;
export function unaryRoute(method: DescMethod, handler: UnaryHandler): UnaryRoute {
  return { method, handler };
}

/** TLS for the server; with `requireClientCert` a client must present a certificate signed by `ca` (mTLS). */
export interface GrpcTlsOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  readonly ca?: string | Buffer;
  readonly requireClientCert?: boolean;
}

/**
 * What a client may hold on the server: request bytes still arriving, and connections that say nothing.
 * The defaults fit EMQX (see the README); every limit refuses with a status the broker reads.
 */
export interface GrpcConnectionLimits {
  /**
   * Bytes of requests still arriving that one connection may hold. A request that would go past it gets
   * RESOURCE_EXHAUSTED; a new stream while it is full gets RST_STREAM REFUSED_STREAM. Default 8 MiB.
   */
  readonly maxBufferedRequestBytesPerConnection?: number;
  /** The same, for all connections of the server together. Default 64 MiB. */
  readonly maxBufferedRequestBytes?: number;
  /**
   * A connection that has not sent its HTTP/2 preface (and, with TLS, finished its handshake) by then is
   * closed. Default 10 000 ms.
   */
  readonly prefaceTimeoutMs?: number;
  /**
   * A connection that sends nothing (no request, no PING) for this long is closed (GOAWAY, then closed for
   * good if calls are left). EMQX pings idle connections every 60 s, so its pool is never cut. 0 disables.
   * Default 300 000 ms.
   */
  readonly idleTimeoutMs?: number;
  /**
   * Stream resets (RST_STREAM) one connection may send at once before it is cut with GOAWAY; a broker
   * cancels every call it gave up on, a rapid-reset flood sends tens of thousands. Default 10 000.
   * Passed to nghttp2 on Node 22.11 and later; older Node keeps nghttp2's own 1000, and a connection
   * about to reach it is retired gracefully instead (GOAWAY NO_ERROR, calls in flight still answered).
   */
  readonly streamResetBurst?: number;
  /** Resets per second refilled after the burst. Default 1000. Node 22.11 and later, as above (else 33). */
  readonly streamResetRate?: number;
}

export interface GrpcServerOptions extends GrpcConnectionLimits {
  /** The RPCs to serve; paths of several services (e.g. ExHook v1, v2 and v3) may share one server. */
  readonly routes: Iterable<UnaryRoute>;
  /** Serve TLS (HTTP/2 over ALPN `h2`, no HTTP/1); without it the server speaks h2c with prior knowledge. */
  readonly tls?: GrpcTlsOptions;
  /**
   * Largest request message accepted, in bytes; larger ones get RESOURCE_EXHAUSTED. Default 1.25 MiB:
   * EMQX's largest MQTT packet (1 MB by default) plus room for the client info and metadata around it.
   */
  readonly maxReceiveMessageBytes?: number;
  /**
   * Told about every failure that is not the handler's deliberate ConnectError: a handler that throws
   * something else, an answer that cannot be encoded. The client gets INTERNAL with a generic message.
   * Default: `console.error`.
   */
  readonly onError?: (error: unknown, call: { readonly path: string }) => void;
  /** HTTP/2 SETTINGS to announce, merged over the server's defaults. */
  readonly http2Settings?: http2.Settings;
  /**
   * The HTTP/2 implementation under the calls. `"http2"` (the default): node:http2. `"raw"`: exhook's own
   * HTTP/2 over `net.Socket`, made for this one job (unary calls, small messages, a few long-lived
   * connections) and several times cheaper per call; of `http2Settings` it reads `maxConcurrentStreams` and
   * `maxHeaderListSize` only. See the README's "Transports".
   */
  readonly transport?: GrpcTransport;
}

/** Which HTTP/2 implementation serves the calls (see `GrpcServerOptions.transport`). */
export type GrpcTransport = "http2" | "raw";

export interface GrpcServer {
  /** Starts listening; resolves with the bound address (use port 0 for a free port). */
  listen(options: { port: number; host?: string }): Promise<{ address: string; port: number }>;
  /**
   * Graceful shutdown: stops accepting, sends GOAWAY on every open connection, lets in-flight calls finish,
   * and destroys what is left after `deadlineMs` (default 5000). Resolves when everything is closed.
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
  /** Open HTTP/2 connections. */
  readonly sessions: number;
}
