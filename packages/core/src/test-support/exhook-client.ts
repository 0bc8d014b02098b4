// An independent gRPC client for tests: @grpc/grpc-js with the project's .proto files loaded at run time.
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const protoRoot = fileURLToPath(new URL("../../../proto/proto", import.meta.url));

export type Version = "v1" | "v2" | "v3";
// biome-ignore lint/suspicious/noExplicitAny: proto-loader objects are untyped JSON
export type Json = any;

export interface HookClient {
  call(rpc: string, request: Json, options?: { deadlineMs?: number }): Promise<Json>;
  close(): void;
}

const packageDefinitions = new Map<Version, grpc.GrpcObject>();

function load(version: Version): grpc.GrpcObject {
  let loaded = packageDefinitions.get(version);
  if (loaded === undefined) {
    const definition = protoLoader.loadSync(`emqx/exhook/${version}/exhook.proto`, {
      includeDirs: [protoRoot],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    loaded = grpc.loadPackageDefinition(definition);
    packageDefinitions.set(version, loaded);
  }
  return loaded;
}

export function connect(
  address: string,
  version: Version,
  credentials = grpc.credentials.createInsecure(),
): HookClient {
  const pkg = load(version) as Json;
  const Service = pkg.emqx.exhook[version].HookProvider as typeof grpc.Client;
  const client = new Service(address, credentials) as Json;
  return {
    call(rpc, request, options = {}) {
      return new Promise((resolve, reject) => {
        const deadline = new Date(Date.now() + (options.deadlineMs ?? 5_000));
        client[rpc](request, { deadline }, (error: grpc.ServiceError | null, response: Json) =>
          error ? reject(error) : resolve(response),
        );
      });
    },
    close: () => client.close(),
  };
}

export const clientinfo = (username: string, clientid = "c1") => ({
  node: "emqx@127.0.0.1",
  clientid,
  username,
  password: "secret",
  peerhost: "127.0.0.1",
  sockport: 1883,
  protocol: "mqtt",
  mountpoint: "",
  is_superuser: false,
  anonymous: false,
});

export const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", cluster_name: "emqxcl" };

export const message = (topic: string, username = "u1", payload = "hello") => ({
  node: "emqx@127.0.0.1",
  id: "0005F1A2B3C4D5E6",
  qos: 1,
  from: "c1",
  topic,
  payload: Buffer.from(payload),
  timestamp: String(Date.now()),
  headers: { username, protocol: "mqtt", peerhost: "127.0.0.1" },
});
