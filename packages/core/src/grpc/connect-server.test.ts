import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { v2, v3 } from "@exhook/proto";
import { describe, expect, it, vi } from "vitest";
import { createConnectGrpcServer } from "./connect-server.js";
import { startServer } from "./test-support/fixture.js";
import { callRpc, grpc, grpcClient } from "./test-support/grpc-js-client.js";
import { type UnaryCall, unaryRoute } from "./types.js";

describe("createConnectGrpcServer", () => {
  it("serves the same routes through connectNodeAdapter", async () => {
    const onError = vi.fn();
    let seen: UnaryCall | undefined;
    const { server, target } = await startServer(
      {
        onError,
        routes: [
          unaryRoute(v2.HookProvider.method.onMessagePublish, (request, call) => {
            seen = call;
            return create(v2.ValuedResponseSchema, {
              value: {
                case: "message",
                value: { ...request.message!, topic: `re/${request.message?.topic}` },
              },
            });
          }),
          unaryRoute(v3.HookProvider.method.onClientConnect, () => new Uint8Array(0)),
          unaryRoute(v2.HookProvider.method.onClientConnect, () => {
            throw new ConnectError("no", Code.PermissionDenied);
          }),
          unaryRoute(v2.HookProvider.method.onClientConnected, () => {
            throw new Error("secret");
          }),
        ],
      },
      createConnectGrpcServer,
    );
    const client = grpcClient(target);
    try {
      const answer = await callRpc(
        client,
        "v2",
        "OnMessagePublish",
        { message: { topic: "t" } },
        {
          deadline: Date.now() + 5000,
        },
      );
      expect(answer).toMatchObject({ message: { topic: "re/t" } });
      expect(seen?.path).toBe("/emqx.exhook.v2.HookProvider/OnMessagePublish");
      expect(seen?.deadline).toBeLessThan(Date.now() + 6000);
      expect(seen?.peer.address).toBe("127.0.0.1");
      expect(seen?.requestHeaders["content-type"]).toBe("application/grpc");
      expect(await callRpc(client, "v3", "OnClientConnect", {})).toEqual({});
      await expect(callRpc(client, "v2", "OnClientConnect", {})).rejects.toMatchObject({
        code: grpc.status.PERMISSION_DENIED,
      });
      await expect(callRpc(client, "v2", "OnClientConnected", {})).rejects.toMatchObject({
        code: grpc.status.INTERNAL,
        details: "internal error",
      });
      expect(onError).toHaveBeenCalledOnce();
      await expect(callRpc(client, "v2", "OnSessionCreated", {})).rejects.toMatchObject({
        code: grpc.status.UNIMPLEMENTED,
      });
      expect(server.sessions).toBe(1);
    } finally {
      client.close();
    }
  });
});
