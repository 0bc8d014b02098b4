// Test-only: starts gRPC servers on free loopback ports and closes every one of them after each test.
import { afterEach, beforeAll, describe } from "vitest";
import { createGrpcServer } from "../server.js";
import type { GrpcServer, GrpcServerOptions, GrpcTransport } from "../types.js";

/** Both HTTP/2 implementations: the protocol, limit and abuse tests run against each. */
export const transports: readonly GrpcTransport[] = ["http2", "raw"];
let currentTransport: GrpcTransport = "http2";

/** Runs `body`'s tests once per transport; `startServer` serves with that transport meanwhile. */
export function forEachTransport(body: (transport: GrpcTransport) => void): void {
  describe.each(transports)("over the %s transport", (transport) => {
    beforeAll(() => {
      currentTransport = transport;
    });
    body(transport);
  });
}

const open = new Set<GrpcServer>();

afterEach(async () => {
  const closing = [...open].map((server) => server.close({ deadlineMs: 200 }));
  open.clear();
  await Promise.all(closing);
});

export interface Started {
  readonly server: GrpcServer;
  readonly port: number;
  readonly target: string;
}

export async function startServer(
  options: GrpcServerOptions,
  create: (options: GrpcServerOptions) => GrpcServer = createGrpcServer,
): Promise<Started> {
  const server = create({ transport: currentTransport, ...options });
  open.add(server);
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  return { server, port, target: `127.0.0.1:${port}` };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
