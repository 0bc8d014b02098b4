// Test-only: starts gRPC servers on free loopback ports and closes every one of them after each test.
import { afterEach } from "vitest";
import { createGrpcServer } from "../server.js";
import type { GrpcServer, GrpcServerOptions } from "../types.js";

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
  const server = create(options);
  open.add(server);
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  return { server, port, target: `127.0.0.1:${port}` };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
