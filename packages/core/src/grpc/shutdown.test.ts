import { create } from "@bufbuild/protobuf";
import { healthV1, v2 } from "@exhook/proto";
import { describe, expect, it } from "vitest";
import { createGrpcServer } from "./server.js";
import { forEachTransport, sleep, startServer } from "./test-support/fixture.js";
import { callRpc, grpc, grpcClient } from "./test-support/grpc-js-client.js";
import { type UnaryCall, unaryRoute } from "./types.js";

const empty = create(v2.EmptySuccessSchema);

forEachTransport(() => {
  describe("GrpcServer.close", () => {
    it("completes while clients keep idle connections open", async () => {
      const { server, target } = await startServer({
        routes: [unaryRoute(v2.HookProvider.method.onClientConnect, () => empty)],
      });
      const clients = Array.from({ length: 4 }, () => grpcClient(target, { ownConnection: true }));
      try {
        await Promise.all(clients.map((client) => callRpc(client, "v2", "OnClientConnect", {})));
        expect(server.sessions).toBe(4);
        const started = Date.now();
        await server.close({ deadlineMs: 10_000 });
        expect(Date.now() - started).toBeLessThan(5000);
        expect(server.sessions).toBe(0);
      } finally {
        for (const client of clients) client.close();
      }
    });

    it("lets an in-flight call finish before closing", async () => {
      let entered: () => void = () => {};
      const inHandler = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const { server, target } = await startServer({
        routes: [
          unaryRoute(v2.HookProvider.method.onClientConnect, async () => {
            entered();
            await sleep(150);
            return empty;
          }),
        ],
      });
      const client = grpcClient(target);
      try {
        const call = callRpc(client, "v2", "OnClientConnect", {});
        await inHandler;
        const closed = server.close({ deadlineMs: 5000 });
        await expect(call).resolves.toEqual({});
        await closed;
        expect(server.sessions).toBe(0);
      } finally {
        client.close();
      }
    });

    it("destroys calls still running at the deadline and aborts their signal", async () => {
      let seen: UnaryCall | undefined;
      const { server, target } = await startServer({
        routes: [
          unaryRoute(v2.HookProvider.method.onClientConnect, (_request, call) => {
            seen = call;
            return new Promise(() => {}); // never answers
          }),
        ],
      });
      const client = grpcClient(target);
      try {
        const call = callRpc(client, "v2", "OnClientConnect", {}).catch((error: unknown) => error);
        while (seen === undefined) await sleep(5);
        const signal = seen.signal;
        await server.close({ deadlineMs: 100 });
        expect(signal.aborted).toBe(true);
        expect(await call).toMatchObject({ code: grpc.status.UNAVAILABLE });
        expect(server.sessions).toBe(0);
      } finally {
        client.close();
      }
    });

    it("resolves for a server that never listened, and refuses a port in use", async () => {
      const routes = [unaryRoute(v2.HookProvider.method.onClientConnect, () => empty)];
      await createGrpcServer({ routes }).close();
      const { port } = await startServer({ routes });
      const second = createGrpcServer({ routes });
      await expect(second.listen({ port, host: "127.0.0.1" })).rejects.toMatchObject({ code: "EADDRINUSE" });
      await second.close();
    });

    it("refuses streaming methods and duplicate routes when created", () => {
      const handler = () => empty;
      expect(() =>
        createGrpcServer({
          routes: [
            unaryRoute(v2.HookProvider.method.onClientConnect, handler),
            unaryRoute(v2.HookProvider.method.onClientConnect, handler),
          ],
        }),
      ).toThrow(/configured twice/);
      const watch = unaryRoute(healthV1.Health.method.watch, () =>
        create(healthV1.HealthCheckResponseSchema),
      );
      expect(() => createGrpcServer({ routes: [watch] })).toThrow(/only unary methods/);
    });
  });
});
