// The public face of @exhook/proto: the generated schemas of each protocol version, and the RPC table.
export * as v1 from "./gen/emqx/exhook/v1/exhook_pb.js";
export * as v2 from "./gen/emqx/exhook/v2/exhook_pb.js";
export * as v3 from "./gen/emqx/exhook/v3/exhook_pb.js";
export * as healthV1 from "./gen/grpc/health/v1/health_pb.js";
export { hookProviders, protocolVersions, rpcTable, wireHookNames } from "./rpc-table.js";
//# sourceMappingURL=index.js.map
