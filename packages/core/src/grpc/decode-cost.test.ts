import { create, toBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { v2 } from "@exhook/proto";
import { afterEach, describe, expect, it } from "vitest";
import { forEachTransport, startServer } from "./test-support/fixture.js";
import { connectRaw, frame, grpcHeaders, rawCall } from "./test-support/raw-http2.js";
import { unaryRoute } from "./types.js";

const publishPath = "/emqx.exhook.v2.HookProvider/OnMessagePublish";

const sessions: { destroy(): void }[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
});

/** A 1 MiB request of half a million two-byte unknown fields, optionally after a group (fromBinary-only). */
function costly(withGroup: boolean): Buffer {
  const message = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < message.length; i += 2) message[i] = (15 << 3) | 0;
  if (withGroup) {
    message[0] = (15 << 3) | 3;
    message[1] = (15 << 3) | 4;
  }
  return frame(message);
}

forEachTransport(() => {
  describe("requests built to be costly to decode", () => {
    it("are refused at little cost, and four at once do not hold up a normal call", async () => {
      let handled = 0;
      const { port } = await startServer({
        routes: [
          unaryRoute(v2.HookProvider.method.onMessagePublish, (request) => {
            handled++;
            return create(v2.ValuedResponseSchema, { value: { case: "message", value: request.message! } });
          }),
        ],
      });
      const session = await connectRaw(port);
      sessions.push(session);
      const normal = frame(
        toBinary(
          v2.MessagePublishRequestSchema,
          create(v2.MessagePublishRequestSchema, { message: { topic: "t/normal" } }),
        ),
      );
      const [a, b, c, d, ok] = await Promise.all([
        rawCall(session, grpcHeaders(publishPath), [costly(false)]),
        rawCall(session, grpcHeaders(publishPath), [costly(true)]),
        rawCall(session, grpcHeaders(publishPath), [costly(false)]),
        rawCall(session, grpcHeaders(publishPath), [costly(true)]),
        rawCall(session, grpcHeaders(publishPath, { "grpc-timeout": "5S" }), [normal]),
      ]);
      for (const refused of [a, c]) {
        expect(refused.status).toBe(Code.Internal);
        expect(decodeURIComponent(refused.message ?? "")).toMatch(/more than 1000 unknown fields/);
      }
      for (const refused of [b, d]) {
        expect(refused.status).toBe(Code.Internal);
        expect(decodeURIComponent(refused.message ?? "")).toMatch(/cannot read/);
      }
      expect(ok.status).toBe(0);
      expect(handled).toBe(1);
    });
  });
});
