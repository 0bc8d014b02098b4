import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { v1, v2 } from "@exhook/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forEachTransport, startServer } from "./test-support/fixture.js";
import {
  dataFrame,
  END_STREAM,
  FrameClient,
  FrameType,
  grpcRequestHeaders,
  headersFrame,
} from "./test-support/h2-frames.js";
import { connectRaw, frame, grpcHeaders, rawCall } from "./test-support/raw-http2.js";
import { unaryRoute } from "./types.js";

const v1Acl = "/emqx.exhook.v1.HookProvider/OnClientCheckAcl";
const v2Authorize = "/emqx.exhook.v2.HookProvider/OnClientAuthorize";
const emptyRequest = frame(new Uint8Array());

const denied = () => {
  throw new ConnectError("no", Code.PermissionDenied);
};

const open: { destroy(): void }[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.destroy();
});

async function setup() {
  const started = await startServer({
    onError: () => {},
    routes: [
      unaryRoute(v1.HookProvider.method.onClientCheckAcl, denied),
      unaryRoute(v1.HookProvider.method.onClientAuthenticate, () => new Promise<never>(() => {})),
      unaryRoute(v2.HookProvider.method.onClientAuthorize, denied),
      unaryRoute(v2.HookProvider.method.onClientConnect, () => create(v2.EmptySuccessSchema)),
    ],
  });
  return started;
}

/** Sends one call frame by frame and waits for the server to end the stream. */
async function framesOf(client: FrameClient, streamId: number, path: string) {
  await client.send(
    headersFrame(streamId, grpcRequestHeaders(path)),
    dataFrame(streamId, emptyRequest, true),
  );
  await vi.waitFor(
    () => expect(client.stream(streamId).some((f) => (f.flags & END_STREAM) !== 0)).toBe(true),
    { timeout: 10_000, interval: 5 },
  );
  return client.stream(streamId).filter((f) => f.type === FrameType.HEADERS || f.type === FrameType.DATA);
}

forEachTransport(() => {
  describe("error answers on ExHook v1 (EMQX 4.4 reads no trailers-only errors)", () => {
    it("sends a v1 error as response headers then trailers: two HEADERS frames on the wire", async () => {
      const { port } = await setup();
      const client = await FrameClient.connect(port);
      open.push(client);
      const v1Frames = await framesOf(client, 1, v1Acl);
      const headers = v1Frames.filter((f) => f.type === FrameType.HEADERS);
      expect(headers).toHaveLength(2);
      expect(headers[0]!.flags & END_STREAM).toBe(0);
      expect(headers[1]!.flags & END_STREAM).toBe(END_STREAM);
      // No message between them (at most an empty DATA frame).
      expect(v1Frames.filter((f) => f.type === FrameType.DATA && f.payload.length > 0)).toHaveLength(0);

      // v2 and v3 callers (grpc-erl 0.7) read trailers-only, one frame cheaper.
      const v2Frames = await framesOf(client, 3, v2Authorize);
      expect(v2Frames).toHaveLength(1);
      expect(v2Frames[0]!.type).toBe(FrameType.HEADERS);
      expect(v2Frames[0]!.flags & END_STREAM).toBe(END_STREAM);
    });

    it("puts the status in the trailers for every kind of v1 error", async () => {
      const { port } = await setup();
      const session = await connectRaw(port);
      open.push(session);
      const cases: [string, Record<string, string>, Code][] = [
        [v1Acl, {}, Code.PermissionDenied],
        ["/emqx.exhook.v1.HookProvider/OnNoSuchHook", {}, Code.Unimplemented],
        [v1Acl, { "grpc-timeout": "soon" }, Code.Internal],
        [
          "/emqx.exhook.v1.HookProvider/OnClientAuthenticate",
          { "grpc-timeout": "50m" },
          Code.DeadlineExceeded,
        ],
      ];
      for (const [path, extra, code] of cases) {
        const answer = await rawCall(session, grpcHeaders(path, extra), [emptyRequest]);
        expect(answer.headers[":status"]).toBe(200);
        expect(answer.headers["grpc-status"]).toBeUndefined();
        expect(answer.trailers?.["grpc-status"]).toBe(String(code));
        expect(answer.body.length).toBe(0);
      }
      const v2Answer = await rawCall(session, grpcHeaders(v2Authorize), [emptyRequest]);
      expect(v2Answer.trailers).toBeUndefined();
      expect(v2Answer.headers["grpc-status"]).toBe(String(Code.PermissionDenied));
    });
  });
});
