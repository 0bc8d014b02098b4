// createGrpcServer: the lean unary gRPC server on node:http2's stream API, the default transport of exhook.
import { createHttp2Host } from "./http2-host.js";
import { routeTable } from "./routes.js";
import type { GrpcServer, GrpcServerOptions } from "./types.js";
import { handleStream, type StreamContext } from "./unary-stream.js";

export const DEFAULT_MAX_RECEIVE_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Serves the given unary routes over gRPC (h2c, or TLS/mTLS with `tls`). */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const context: StreamContext = {
    routes: routeTable(options.routes),
    maxReceiveMessageBytes: options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_MESSAGE_BYTES,
    onError: options.onError ?? logError,
  };
  const host = createHttp2Host(options.tls, options.http2Settings);
  host.server.on("stream", (stream, headers) => handleStream(context, stream, headers));
  return {
    listen: host.listen,
    close: host.close,
    get sessions() {
      return host.sessions;
    },
  };
}

export function logError(error: unknown, call: { readonly path: string }): void {
  console.error(`[exhook] gRPC call ${call.path} failed:`, error);
}
