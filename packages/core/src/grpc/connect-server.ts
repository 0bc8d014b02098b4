// createConnectGrpcServer: the same routes served by Connect's node adapter (the optional "connect" transport,
// kept for comparison benchmarks and as a reference implementation).

import type * as http2 from "node:http2";
import { type DescMethodUnary, fromBinary, type Message } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createContextKey,
  createContextValues,
  type HandlerContext,
} from "@connectrpc/connect";
import { createHttp2Host } from "./http2-host.js";
import { grpcPath, type RouteEntry, routeTable } from "./routes.js";
import { DEFAULT_MAX_RECEIVE_MESSAGE_BYTES, logError } from "./server.js";
import type { GrpcServer, GrpcServerOptions, UnaryCall } from "./types.js";

const peerKey = createContextKey<{ address: string; port: number }>(
  { address: "", port: 0 },
  {
    description: "exhook peer",
  },
);
const headersKey = createContextKey<http2.IncomingHttpHeaders>({}, { description: "exhook request headers" });

/** Serves the given unary routes with `connectNodeAdapter` (gRPC only), behind the same interface. */
export function createConnectGrpcServer(options: GrpcServerOptions): GrpcServer {
  const routes = routeTable(options.routes);
  const onError = options.onError ?? logError;
  const host = createHttp2Host(options.tls, options.http2Settings);
  // connect-node is loaded on first listen: an app on the lean transport never pays for it (~16 MB RSS).
  let attached = false;
  const attach = async () => {
    if (attached) return;
    attached = true;
    const { connectNodeAdapter } = await import("@connectrpc/connect-node");
    host.server.on("request", adapter(connectNodeAdapter));
  };
  const adapter = (connectNodeAdapter: typeof import("@connectrpc/connect-node").connectNodeAdapter) =>
    connectNodeAdapter({
      grpc: true,
      grpcWeb: false,
      connect: false,
      readMaxBytes: options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_MESSAGE_BYTES,
      routes: (router: ConnectRouter) => {
        for (const route of routes.values()) {
          // routeTable checked that every method is unary; Connect's typing needs the narrowed descriptor.
          const method = route.method as DescMethodUnary;
          router.rpc(method, (request: Message, context: HandlerContext) => serve(route, request, context));
        }
      },
      contextValues: (request) => {
        const socket = request.socket;
        return createContextValues()
          .set(peerKey, { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 })
          .set(headersKey, request.headers as http2.IncomingHttpHeaders);
      },
    });
  return {
    async listen(listenOptions) {
      await attach();
      return host.listen(listenOptions);
    },
    close: host.close,
    get sessions() {
      return host.sessions;
    },
  };

  async function serve(route: RouteEntry, request: Message, context: HandlerContext): Promise<Message> {
    try {
      const result = await route.handler(request, connectCall(route, context));
      return result instanceof Uint8Array ? fromBinary(route.output, result) : result;
    } catch (error) {
      if (error instanceof ConnectError) throw error;
      try {
        onError(error, route);
      } catch {
        // A failing error hook must not change the answer.
      }
      throw new ConnectError("internal error", Code.Internal);
    }
  }
}

function connectCall(route: RouteEntry, context: HandlerContext): UnaryCall {
  const timeoutMs = context.timeoutMs();
  return {
    method: route.method,
    path: grpcPath(route.method),
    deadline: timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs,
    requestHeaders: context.values.get(headersKey),
    signal: context.signal,
    peer: context.values.get(peerKey),
  };
}
