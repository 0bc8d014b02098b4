import * as http2 from "node:http2";
import { create } from "@bufbuild/protobuf";
import { v2 } from "@exhook/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetLimitsConfigurable } from "./reset-budget.js";
import { forEachTransport, startServer } from "./test-support/fixture.js";
import {
  FrameClient,
  FrameType,
  grpcRequestHeaders,
  headersFrame,
  rstStreamFrame,
} from "./test-support/h2-frames.js";
import { connectRaw, frame, grpcHeaders, rawCall } from "./test-support/raw-http2.js";
import { unaryRoute } from "./types.js";

const slowPath = "/emqx.exhook.v2.HookProvider/OnSessionCreated";
const gatedPath = "/emqx.exhook.v2.HookProvider/OnClientConnect";
const empty = frame(new Uint8Array());
const waitLong = { timeout: 30_000, interval: 10 };
const testTimeout = { timeout: 90_000 };

const open: { destroy(): void }[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.destroy();
});

/** A slow route that answers only when its call is cancelled, and a route the test lets answer. */
async function setup(limits: { streamResetBurst?: number; streamResetRate?: number } = {}) {
  const seen = { started: 0, cancelled: 0 };
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const started = await startServer({
    ...limits,
    routes: [
      unaryRoute(v2.HookProvider.method.onSessionCreated, (_request, call) => {
        seen.started++;
        return new Promise((_resolve, reject) => {
          call.signal.addEventListener("abort", () => {
            seen.cancelled++;
            reject(call.signal.reason);
          });
        });
      }),
      unaryRoute(v2.HookProvider.method.onClientConnect, async () => {
        await gate;
        return create(v2.EmptySuccessSchema);
      }),
    ],
  });
  return { ...started, seen, release };
}

forEachTransport((transport) => {
  describe("stream resets", () => {
    it(
      "1500 honest cancels on one connection (a broker giving up on a slow handler) fail no other call on it",
      testTimeout,
      async () => {
        const { port, seen, release } = await setup();
        const session = await connectRaw(port);
        open.push(session);
        let goaway: number | undefined;
        session.on("goaway", (code) => {
          goaway = code;
        });
        const gated = rawCall(session, grpcHeaders(gatedPath), [empty]);
        const calls = Array.from({ length: 1500 }, () => {
          const stream = session.request(grpcHeaders(slowPath, { "grpc-timeout": "5S" }));
          stream.on("error", () => {});
          stream.resume();
          stream.end(empty);
          return stream;
        });
        await vi.waitFor(() => expect(seen.started).toBe(1500), waitLong);
        // The broker's timeout passes for all of them at once: it cancels each.
        for (const stream of calls) stream.close(http2.constants.NGHTTP2_CANCEL);
        await vi.waitFor(() => expect(seen.cancelled).toBe(1500), waitLong);
        release();
        const answer = await gated;
        expect(answer.status).toBe(0);
        expect(answer.rstCode).toBe(http2.constants.NGHTTP2_NO_ERROR);
        if (resetLimitsConfigurable || transport === "raw") {
          // nghttp2 is told the bucket (the raw transport keeps it itself): the connection stays.
          expect(goaway).toBeUndefined();
          expect((await rawCall(session, grpcHeaders(gatedPath), [empty])).status).toBe(0);
        } else {
          // Node 20: nghttp2 keeps its 1000; the connection was retired before, gracefully.
          expect(goaway).toBe(http2.constants.NGHTTP2_NO_ERROR);
        }
        const next = await connectRaw(port);
        open.push(next);
        expect((await rawCall(next, grpcHeaders(gatedPath), [empty])).status).toBe(0);
      },
    );

    it(
      "cuts a rapid-reset flood (tens of thousands of streams opened and reset at once), and serves on",
      testTimeout,
      async () => {
        // Smaller than the defaults, so that a loaded test machine gets through the flood quickly.
        const { port, seen, release } = await setup({ streamResetBurst: 2000, streamResetRate: 100 });
        const flood = await FrameClient.connect(port);
        open.push(flood);
        const pairs = 20_000;
        const headers = grpcRequestHeaders(slowPath);
        let sent = 0;
        for (let batch = 0; batch < pairs / 1000 && !flood.closed; batch++) {
          const frames: Buffer[] = [];
          for (let i = 0; i < 1000; i++) {
            const streamId = 2 * sent + 1;
            sent++;
            frames.push(
              headersFrame(streamId, headers),
              rstStreamFrame(streamId, http2.constants.NGHTTP2_CANCEL),
            );
          }
          await flood.send(...frames);
        }
        await vi.waitFor(() => expect(flood.closed).toBe(true), waitLong);
        // The last GOAWAY names the last stream served: far from all of the flood's.
        const goaways = flood.frames.filter((f) => f.type === FrameType.GOAWAY);
        if (goaways.length > 0) expect(goaways.at(-1)!.payload.readUInt32BE(0)).toBeLessThan(pairs);
        expect(seen.started).toBe(0); // none of the flood's calls reached a handler
        const session = await connectRaw(port);
        open.push(session);
        release();
        expect((await rawCall(session, grpcHeaders(gatedPath), [empty])).status).toBe(0);
      },
    );
  });
});
