// Test-only: an independent gRPC client (@grpc/grpc-js, messages coded by @grpc/proto-loader from the .proto files).

import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const protoRoot = fileURLToPath(new URL("../../../../proto/proto/", import.meta.url));

const definition = protoLoader.loadSync(
  ["emqx/exhook/v1/exhook.proto", "emqx/exhook/v2/exhook.proto", "emqx/exhook/v3/exhook.proto"],
  { includeDirs: [protoRoot], longs: String, enums: String, defaults: true, oneofs: true },
);

export type Version = "v1" | "v2" | "v3";
export type Plain = Record<string, unknown>;

function methodOf(version: Version, rpc: string): protoLoader.MethodDefinition<object, object> {
  const service = definition[`emqx.exhook.${version}.HookProvider`] as protoLoader.ServiceDefinition;
  const method = service[rpc];
  if (method === undefined) throw new Error(`no rpc ${rpc} in ${version}`);
  return method;
}

export interface ClientOptions {
  readonly credentials?: grpc.ChannelCredentials;
  /** A private connection instead of grpc-js's shared subchannel pool. */
  readonly ownConnection?: boolean;
  readonly channelOptions?: grpc.ChannelOptions;
}

export function grpcClient(target: string, options: ClientOptions = {}): grpc.Client {
  const channelOptions: grpc.ChannelOptions = { ...options.channelOptions };
  if (options.ownConnection === true) channelOptions["grpc.use_local_subchannel_pool"] = 1;
  return new grpc.Client(target, options.credentials ?? grpc.credentials.createInsecure(), channelOptions);
}

/** Calls an ExHook RPC by name; resolves with the decoded answer, rejects with the grpc-js ServiceError. */
export function callRpc(
  client: grpc.Client,
  version: Version,
  rpc: string,
  request: Plain,
  callOptions: grpc.CallOptions = {},
): Promise<Plain> {
  const method = methodOf(version, rpc);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      method.path,
      (value: Plain) => method.requestSerialize(value),
      (bytes: Buffer) => method.responseDeserialize(bytes) as Plain,
      request,
      new grpc.Metadata(),
      callOptions,
      (error, answer) => (error ? reject(error) : resolve(answer ?? {})),
    );
  });
}

/** Calls any path with raw bytes, e.g. to reach a method the server does not serve. */
export function callRaw(client: grpc.Client, path: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (value: Buffer) => value,
      (bytes: Buffer) => bytes,
      body,
      (error, answer) => (error ? reject(error) : resolve(answer ?? Buffer.alloc(0))),
    );
  });
}

export { grpc };
