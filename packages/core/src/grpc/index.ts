// The gRPC server module's entry: what packages/core's src/index.ts re-exports.
export { createGrpcServer, DEFAULT_MAX_RECEIVE_MESSAGE_BYTES } from "./server.js";
export {
  type GrpcServer,
  type GrpcServerOptions,
  type GrpcTlsOptions,
  type UnaryCall,
  type UnaryHandler,
  type UnaryRoute,
  unaryRoute,
} from "./types.js";
