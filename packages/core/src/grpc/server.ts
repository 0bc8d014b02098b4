// createGrpcServer: the lean unary gRPC server on node:http2's stream API, the default transport of exhook.
import { createRawHost } from "./h2/host.js";
import { createHttp2Host } from "./http2-host.js";
import {
  DEFAULT_STREAM_RESET_BURST,
  DEFAULT_STREAM_RESET_RATE,
  effectiveResetLimits,
  type ResetLimits,
} from "./reset-budget.js";
import { routeTable } from "./routes.js";
import type { GrpcServer, GrpcServerOptions } from "./types.js";
import { handleStream, type StreamContext } from "./unary-stream.js";

/**
 * EMQX's `mqtt.max_packet_size` defaults to 1 MB, and the largest request it sends is a publish carrying
 * one such packet's payload and topic, plus the client id, username and headers around it: 1 MiB and a
 * quarter fits that with room to spare. A broker configured for larger packets needs a larger limit.
 */
export const DEFAULT_MAX_RECEIVE_MESSAGE_BYTES = 1_310_720;
/** Room for several largest requests arriving at once on one broker connection. */
export const DEFAULT_MAX_BUFFERED_REQUEST_BYTES_PER_CONNECTION = 8 * 1024 * 1024;
/** EMQX's pool of 8 connections, each at its limit. */
export const DEFAULT_MAX_BUFFERED_REQUEST_BYTES = 64 * 1024 * 1024;

/** Serves the given unary routes over gRPC (h2c, or TLS/mTLS with `tls`). */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const maxReceiveMessageBytes = options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_MESSAGE_BYTES;
  const maxPerConnection =
    options.maxBufferedRequestBytesPerConnection ?? DEFAULT_MAX_BUFFERED_REQUEST_BYTES_PER_CONNECTION;
  const maxTotal = options.maxBufferedRequestBytes ?? DEFAULT_MAX_BUFFERED_REQUEST_BYTES;
  positive("maxReceiveMessageBytes", maxReceiveMessageBytes);
  positive("maxBufferedRequestBytesPerConnection", maxPerConnection);
  positive("maxBufferedRequestBytes", maxTotal);
  const resetLimits: ResetLimits = {
    burst: options.streamResetBurst ?? DEFAULT_STREAM_RESET_BURST,
    rate: options.streamResetRate ?? DEFAULT_STREAM_RESET_RATE,
  };
  positive("streamResetBurst", resetLimits.burst);
  positive("streamResetRate", resetLimits.rate);
  const context: StreamContext = {
    routes: routeTable(options.routes),
    maxReceiveMessageBytes,
    memory: { bytes: 0, maxPerConnection, maxTotal },
    resetLimits: effectiveResetLimits(resetLimits),
    onError: options.onError ?? logError,
  };
  // The raw transport enforces the configured reset budget itself, on every Node version.
  if (options.transport === "raw") return createRawHost(context, options, resetLimits);
  if (options.transport !== undefined && options.transport !== "http2") {
    throw new RangeError(
      `gRPC server option transport must be "http2" or "raw", not ${String(options.transport)}`,
    );
  }
  const host = createHttp2Host(options.tls, options.http2Settings, options, resetLimits);
  host.server.on("stream", (stream, headers) => handleStream(context, stream, headers));
  return {
    listen: host.listen,
    close: host.close,
    get sessions() {
      return host.sessions;
    },
  };
}

function positive(name: string, value: number): void {
  if (!(value > 0))
    throw new RangeError(`gRPC server option ${name} must be a positive number, not ${value}`);
}

export function logError(error: unknown, call: { readonly path: string }): void {
  console.error(`[exhook] gRPC call ${call.path} failed:`, error);
}
