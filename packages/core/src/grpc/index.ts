// @exhook/core/grpc: the lean unary gRPC server on node:http2, for serving routes of your own.
export { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_PREFACE_TIMEOUT_MS } from "./connection-watch.js";
export {
  createGrpcServer,
  DEFAULT_MAX_BUFFERED_REQUEST_BYTES,
  DEFAULT_MAX_BUFFERED_REQUEST_BYTES_PER_CONNECTION,
  DEFAULT_MAX_RECEIVE_MESSAGE_BYTES,
} from "./server.js";
export {
  type GrpcConnectionLimits,
  type GrpcServer,
  type GrpcServerOptions,
  type GrpcTlsOptions,
  type GrpcTransport,
  type UnaryCall,
  type UnaryHandler,
  type UnaryRoute,
  unaryRoute,
} from "./types.js";
