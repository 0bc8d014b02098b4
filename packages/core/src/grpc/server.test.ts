import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { v1, v2, v3 } from "@exhook/proto";
import { describe, expect, it, vi } from "vitest";
import { forEachTransport, startServer } from "./test-support/fixture.js";
import { callRaw, callRpc, grpc, grpcClient } from "./test-support/grpc-js-client.js";
import { unaryRoute } from "./types.js";

const { CONTINUE, STOP_AND_RETURN } = v2.ValuedResponse_ResponsedType;

const routes = [
  unaryRoute(v2.HookProvider.method.onProviderLoaded, (request) =>
    create(v2.LoadedResponseSchema, {
      hooks: [{ name: "message.publish", topics: [`from/${request.broker?.version ?? "?"}`] }],
    }),
  ),
  unaryRoute(v2.HookProvider.method.onMessagePublish, async (request) =>
    create(v2.ValuedResponseSchema, {
      type: STOP_AND_RETURN,
      value: { case: "message", value: { ...request.message!, topic: `re/${request.message?.topic}` } },
    }),
  ),
  unaryRoute(v1.HookProvider.method.onClientCheckAcl, (request) =>
    create(v1.ValuedResponseSchema, {
      type: v1.ValuedResponse_ResponsedType.STOP_AND_RETURN,
      value: { case: "boolResult", value: request.topic === "allowed" },
    }),
  ),
  unaryRoute(v3.HookProvider.method.onMessagePublish, (request) =>
    create(v3.ValuedResponseSchema, {
      type: CONTINUE,
      value: {
        case: "message",
        value: { ...request.message!, topic: request.userProps.map((p) => `${p.name}=${p.value}`).join("&") },
      },
    }),
  ),
];

forEachTransport(() => {
  describe("createGrpcServer with a grpc-js client", () => {
    it("answers v1, v2 and v3 calls on one port", async () => {
      const { target } = await startServer({ routes });
      const client = grpcClient(target);
      try {
        const loaded = await callRpc(client, "v2", "OnProviderLoaded", { broker: { version: "5.8.9" } });
        expect(loaded).toEqual({ hooks: [{ name: "message.publish", topics: ["from/5.8.9"] }] });

        const published = await callRpc(client, "v2", "OnMessagePublish", {
          message: { topic: "t/1", payload: Buffer.from("hi"), qos: 1, timestamp: "1700000000000" },
        });
        expect(published).toMatchObject({
          type: "STOP_AND_RETURN",
          value: "message",
          message: { topic: "re/t/1", qos: 1, timestamp: "1700000000000" },
        });
        expect((published["message"] as { payload: Buffer }).payload.toString()).toBe("hi");

        const acl = await callRpc(client, "v1", "OnClientCheckAcl", { topic: "allowed" });
        expect(acl).toMatchObject({ type: "STOP_AND_RETURN", boolResult: true });

        const v3Answer = await callRpc(client, "v3", "OnMessagePublish", {
          message: { topic: "t" },
          userProps: [{ name: "a", value: "1" }],
        });
        expect(v3Answer).toMatchObject({ type: "CONTINUE", message: { topic: "a=1" } });
      } finally {
        client.close();
      }
    });

    it("sends pre-encoded and empty answers as they are", async () => {
      const loaded = toBinary(
        v2.LoadedResponseSchema,
        create(v2.LoadedResponseSchema, { hooks: [{ name: "client.connect" }] }),
      );
      const { target } = await startServer({
        routes: [
          unaryRoute(v2.HookProvider.method.onProviderLoaded, () => loaded),
          unaryRoute(v2.HookProvider.method.onClientConnect, () => new Uint8Array(0)),
          unaryRoute(v2.HookProvider.method.onClientConnected, async () => create(v2.EmptySuccessSchema)),
        ],
      });
      const client = grpcClient(target);
      try {
        for (let i = 0; i < 3; i++) {
          expect(await callRpc(client, "v2", "OnProviderLoaded", {})).toEqual({
            hooks: [{ name: "client.connect", topics: [] }],
          });
        }
        expect(await callRpc(client, "v2", "OnClientConnect", {})).toEqual({});
        expect(await callRpc(client, "v2", "OnClientConnected", {})).toEqual({});
      } finally {
        client.close();
      }
    });

    it("answers UNIMPLEMENTED for a method it does not serve", async () => {
      const { target } = await startServer({ routes });
      const client = grpcClient(target);
      try {
        await expect(callRpc(client, "v2", "OnClientConnect", {})).rejects.toMatchObject({
          code: grpc.status.UNIMPLEMENTED,
        });
        await expect(callRaw(client, "/no.Such/Method", Buffer.alloc(0))).rejects.toMatchObject({
          code: grpc.status.UNIMPLEMENTED,
          details: "unknown method /no.Such/Method",
        });
        expect(await callRpc(client, "v1", "OnClientCheckAcl", { topic: "no" })).toMatchObject({
          boolResult: false,
        });
      } finally {
        client.close();
      }
    });

    it("answers a ConnectError's code and percent-encodes its message", async () => {
      const message = "refusé: 100% ✓\nnext line";
      const { target } = await startServer({
        routes: [
          unaryRoute(v2.HookProvider.method.onClientConnect, () => {
            throw new ConnectError(message, Code.PermissionDenied);
          }),
          unaryRoute(v2.HookProvider.method.onClientConnected, async () => {
            throw new ConnectError("not now", Code.Unavailable);
          }),
        ],
      });
      const client = grpcClient(target);
      try {
        await expect(callRpc(client, "v2", "OnClientConnect", {})).rejects.toMatchObject({
          code: grpc.status.PERMISSION_DENIED,
          details: message,
        });
        await expect(callRpc(client, "v2", "OnClientConnected", {})).rejects.toMatchObject({
          code: grpc.status.UNAVAILABLE,
          details: "not now",
        });
      } finally {
        client.close();
      }
    });

    it("answers INTERNAL with a generic message when a handler fails, and tells onError", async () => {
      const onError = vi.fn();
      const bug = new TypeError("secret detail");
      const { target } = await startServer({
        onError,
        routes: [
          unaryRoute(v2.HookProvider.method.onClientConnect, () => {
            throw bug;
          }),
          unaryRoute(v2.HookProvider.method.onClientConnected, () => Promise.reject(bug)),
          // Not a message: the answer cannot be encoded.
          unaryRoute(v2.HookProvider.method.onClientConnack, () => undefined as never),
          unaryRoute(v2.HookProvider.method.onSessionCreated, () => create(v2.EmptySuccessSchema)),
        ],
      });
      const client = grpcClient(target);
      try {
        for (const rpc of ["OnClientConnect", "OnClientConnected", "OnClientConnack"]) {
          const failure = await callRpc(client, "v2", rpc, {}).catch((error: grpc.ServiceError) => error);
          expect(failure).toMatchObject({ code: grpc.status.INTERNAL });
          expect((failure as grpc.ServiceError).details).not.toContain("secret");
        }
        expect(onError).toHaveBeenCalledTimes(3);
        expect(onError.mock.calls[0]).toEqual([
          bug,
          expect.objectContaining({ path: "/emqx.exhook.v2.HookProvider/OnClientConnect" }),
        ]);
        expect(onError.mock.calls[1]?.[0]).toBe(bug);
        expect(await callRpc(client, "v2", "OnSessionCreated", {})).toEqual({});
      } finally {
        client.close();
      }
    });

    it("answers RESOURCE_EXHAUSTED for a request over the size limit and keeps serving", async () => {
      const { target } = await startServer({ routes, maxReceiveMessageBytes: 1024 });
      const client = grpcClient(target);
      try {
        await expect(
          callRpc(client, "v2", "OnMessagePublish", {
            message: { topic: "t", payload: Buffer.alloc(64 * 1024) },
          }),
        ).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
        await expect(
          callRpc(client, "v2", "OnMessagePublish", { message: { topic: "t", payload: Buffer.alloc(1025) } }),
        ).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
        expect(
          await callRpc(client, "v2", "OnMessagePublish", {
            message: { topic: "t", payload: Buffer.alloc(900) },
          }),
        ).toMatchObject({ message: { topic: "re/t" } });
      } finally {
        client.close();
      }
    });

    it("answers hundreds of concurrent calls over 8 connections, each with its own answer", async () => {
      const { target, server } = await startServer({ routes });
      const clients = Array.from({ length: 8 }, () => grpcClient(target, { ownConnection: true }));
      try {
        const calls = Array.from({ length: 800 }, (_, i) =>
          callRpc(clients[i % 8]!, i % 2 === 0 ? "v2" : "v3", "OnMessagePublish", {
            message: { topic: `t/${i}`, payload: Buffer.from(String(i)) },
            userProps: [{ name: "n", value: String(i) }],
          }),
        );
        const answers = await Promise.all(calls);
        answers.forEach((answer, i) => {
          const topic = i % 2 === 0 ? `re/t/${i}` : `n=${i}`;
          expect(answer).toMatchObject({ message: { topic } });
          expect((answer["message"] as { payload: Buffer }).payload.toString()).toBe(String(i));
        });
        expect(server.sessions).toBe(8);
      } finally {
        for (const client of clients) client.close();
      }
    });
  });
});
