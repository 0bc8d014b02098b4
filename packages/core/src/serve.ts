// Serving an app: its dispatcher as gRPC routes (HookProvider v1, v2, v3 and grpc.health.v1) on one port.
import { create } from "@bufbuild/protobuf";
import type { HookName, ProtocolVersion } from "@exhook/proto";
import { healthV1, hookProviders, protocolVersions, rpcTable } from "@exhook/proto";
import type { Dispatcher, DispatchFn } from "./dispatch.js";
import { ExhookError } from "./errors.js";
import { createGrpcServer } from "./grpc/server.js";
import type {
  GrpcConnectionLimits,
  GrpcServer,
  GrpcTlsOptions,
  GrpcTransport,
  UnaryHandler,
  UnaryRoute,
} from "./grpc/types.js";
import type { Logger } from "./logger.js";

export interface ListenOptions {
  /** Default: `$EXHOOK_PORT`, else 9000. 0 picks a free port. */
  port?: number;
  /** Default `0.0.0.0`. */
  host?: string;
  tls?: GrpcTlsOptions;
  /** Request bytes and quiet connections the gRPC port tolerates; the defaults fit EMQX. */
  limits?: GrpcConnectionLimits;
  /**
   * The HTTP/2 implementation: `"http2"` (default, node:http2) or `"raw"` (exhook's own, over net.Socket:
   * several times less CPU per call; opt-in). See the core README's "Transports".
   */
  transport?: GrpcTransport;
}

export interface ListeningAddress {
  host: string;
  port: number;
  /** The URL to put in EMQX's `exhook.servers[].url`. */
  url: string;
}

/**
 * The gRPC routes of the three HookProvider versions and the health check, answered by `dispatcher`; `wrap`
 * may put something around each hook's handler (the settled-call observers).
 */
export function hookRoutes(
  dispatcher: Dispatcher,
  serving: () => boolean,
  wrap: (hook: HookName, version: ProtocolVersion, handler: DispatchFn) => DispatchFn,
): UnaryRoute[] {
  const routes: UnaryRoute[] = [];
  for (const version of protocolVersions) {
    const service = hookProviders[version];
    for (const entry of rpcTable[version]) {
      const method = service.methods.find((m) => m.name === entry.rpc)!;
      const handler = wrap(entry.hook, version, dispatcher.handlerFor(version, entry));
      routes.push({ method, handler: handler as UnaryHandler });
    }
  }
  routes.push({
    method: healthV1.Health.method.check,
    handler: () =>
      create(healthV1.HealthCheckResponseSchema, {
        status: serving()
          ? healthV1.HealthCheckResponse_ServingStatus.SERVING
          : healthV1.HealthCheckResponse_ServingStatus.NOT_SERVING,
      }),
  });
  return routes;
}

/** One listening server at a time for an app: listen, and a close that also stops a listen under way. */
export class Serving {
  #server: GrpcServer | undefined;
  #closing = false;

  constructor(
    private readonly logger: Logger,
    private readonly maxReceiveMessageBytes: number | undefined,
  ) {}

  /** False once closing: the health check answers NOT_SERVING. */
  get serving(): boolean {
    return !this.#closing;
  }

  async listen(routes: UnaryRoute[], options: ListenOptions): Promise<ListeningAddress> {
    if (this.#server !== undefined) throw new ExhookError("already_listening", "already listening");
    const server = createGrpcServer({
      routes,
      onError: (error: unknown, call: { readonly path: string }) =>
        this.logger.error({ err: error, path: call.path }, "gRPC call failed"),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      ...(options.transport === undefined ? {} : { transport: options.transport }),
      ...options.limits,
      ...(this.maxReceiveMessageBytes === undefined
        ? {}
        : { maxReceiveMessageBytes: this.maxReceiveMessageBytes }),
    });
    const port = options.port ?? portFromEnv();
    const host = options.host ?? "0.0.0.0";
    // Claimed before the await: a second listen fails now, and a close() meanwhile finds the server (whose
    // listen then rejects rather than leave it serving).
    this.#server = server;
    this.#closing = false;
    let bound: { port: number };
    try {
      bound = await server.listen({ port, host });
    } catch (error) {
      if (this.#server === server) this.#server = undefined;
      throw error;
    }
    const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
    return { host, port: bound.port, url: `${options.tls ? "https" : "http"}://${urlHost}:${bound.port}` };
  }

  /** GOAWAY, then in-flight calls finish within the deadline. */
  async close(deadlineMs: number): Promise<void> {
    this.#closing = true;
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await server.close({ deadlineMs });
  }
}

function portFromEnv(): number {
  const raw = process.env["EXHOOK_PORT"];
  if (raw === undefined || raw === "") return 9000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ExhookError("invalid_option", `EXHOOK_PORT must be a port number (0-65535), not "${raw}"`, {
      key: "EXHOOK_PORT",
    });
  }
  return port;
}
