// HTTP/2 abuse, frame by frame, against both transports: CONTINUATION and SETTINGS floods, PING floods from a
// client that does not read, flow control both ways, the stream limit, broken HPACK, and random frames.
// Every case ends with the server answering a well-behaved connection. node:http2 (nghttp2) answers some
// abuse its own way; the raw transport's exact answer (which GOAWAY code) is checked where it is its own,
// and the stream limit and window pacing are checked on the raw transport only.
import * as http2 from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { v2 } from "@exhook/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forEachTransport, startServer } from "./test-support/fixture.js";
import {
  ACK,
  CLIENT_PREFACE,
  dataFrame,
  END_HEADERS,
  END_STREAM,
  FrameClient,
  FrameType,
  frameBytes,
  grpcRequestHeaders,
  headerBlock,
  headersFrame,
  pingFrame,
} from "./test-support/h2-frames.js";
import { connectRaw, frame, grpcHeaders, rawCall } from "./test-support/raw-http2.js";
import { type GrpcServerOptions, unaryRoute } from "./types.js";

const publishPath = "/emqx.exhook.v2.HookProvider/OnMessagePublish";
const slowPath = "/emqx.exhook.v2.HookProvider/OnSessionCreated";
const connectPath = "/emqx.exhook.v2.HookProvider/OnClientConnect";
const waitLong = { timeout: 20_000, interval: 10 };
const ENHANCE_YOUR_CALM = http2.constants.NGHTTP2_ENHANCE_YOUR_CALM;

const open: { destroy(): void }[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.destroy();
});

function publishFrame(payloadBytes: number): Buffer {
  return frame(
    toBinary(
      v2.MessagePublishRequestSchema,
      create(v2.MessagePublishRequestSchema, {
        message: { topic: "t/1", payload: new Uint8Array(payloadBytes).fill(0x61) },
      }),
    ),
  );
}

async function setup(options: Partial<GrpcServerOptions> = {}) {
  const started = await startServer({
    onError: () => {},
    ...options,
    routes: [
      // Echoes the message: the answer is as large as the request.
      unaryRoute(v2.HookProvider.method.onMessagePublish, (request) =>
        create(v2.ValuedResponseSchema, { value: { case: "message", value: request.message! } }),
      ),
      unaryRoute(
        v2.HookProvider.method.onSessionCreated,
        (_request, call) =>
          new Promise((_resolve, reject) => {
            call.signal.addEventListener("abort", () => reject(call.signal.reason));
          }),
      ),
      unaryRoute(v2.HookProvider.method.onClientConnect, () => create(v2.EmptySuccessSchema)),
    ],
  });
  const frames = async (options?: { initialWindow?: number }) => {
    const client = await FrameClient.connect(started.port, options);
    open.push(client);
    return client;
  };
  /** A well-behaved call on a fresh connection: the server is still serving. */
  const serves = async () => {
    const session = await connectRaw(started.port);
    open.push(session);
    return (await rawCall(session, grpcHeaders(connectPath), [frame(new Uint8Array())])).status;
  };
  return { ...started, frames, serves };
}

/** The request headers as one block, split into HEADERS and CONTINUATION frames of `size` bytes. */
function splitHeaders(streamId: number, block: Buffer, size: number, endHeaders = true): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < block.length || offset === 0; offset += size) {
    const piece = block.subarray(offset, offset + size);
    const last = offset + size >= block.length;
    const type = offset === 0 ? FrameType.HEADERS : FrameType.CONTINUATION;
    out.push(frameBytes(type, last && endHeaders ? END_HEADERS : 0, streamId, piece));
  }
  return out;
}

/** Deterministic pseudo-random bytes (xorshift), so a failing case can be replayed. */
function randomBytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

forEachTransport((transport) => {
  describe("header blocks", () => {
    it("reads a request whose headers come in HEADERS and several CONTINUATION frames", async () => {
      const { frames } = await setup();
      const client = await frames();
      const block = headerBlock(grpcRequestHeaders(connectPath, { "x-padding": "p".repeat(3000) }));
      await client.send(...splitHeaders(1, block, 500), dataFrame(1, frame(new Uint8Array()), true));
      await vi.waitFor(
        () => expect(client.stream(1).at(-1)?.flags ?? 0).toBe(END_HEADERS | END_STREAM),
        waitLong,
      );
    });

    it("reads frames that arrive a few bytes at a time, split anywhere", async () => {
      const { frames } = await setup();
      const client = await frames();
      const request = publishFrame(3000);
      const bytes = Buffer.concat([
        headersFrame(1, grpcRequestHeaders(publishPath)),
        dataFrame(1, request.subarray(0, 1000)),
        dataFrame(1, request.subarray(1000), true),
        headersFrame(3, grpcRequestHeaders(connectPath)),
        dataFrame(3, frame(new Uint8Array()), true),
      ]);
      // Pieces of 1 to 7 bytes, each written on its own.
      for (let offset = 0, n = 1; offset < bytes.length; offset += n, n = (n % 7) + 1) {
        await client.send(bytes.subarray(offset, offset + n));
      }
      for (const id of [1, 3]) {
        await vi.waitFor(
          () => expect(client.stream(id).at(-1)?.flags ?? 0).toBe(END_HEADERS | END_STREAM),
          waitLong,
        );
      }
      const answer = client.stream(1).filter((f) => f.type === FrameType.DATA);
      expect(answer.reduce((n, f) => n + f.payload.length, 0)).toBeGreaterThan(3000);
    });

    it("ends a connection that sends a header block without end (empty CONTINUATION frames)", async () => {
      const { frames, serves } = await setup();
      const client = await frames();
      const first = splitHeaders(1, headerBlock(grpcRequestHeaders(connectPath)), 1 << 20, false);
      const empty = frameBytes(FrameType.CONTINUATION, 0, 1);
      await client.send(...first);
      for (let batch = 0; batch < 20 && !client.closed; batch++) {
        await client.send(...Array.from({ length: 1000 }, () => empty));
      }
      await vi.waitFor(() => expect(client.closed).toBe(true), waitLong);
      if (transport === "raw") expect(client.goawayCode()).toBe(ENHANCE_YOUR_CALM);
      expect(client.stream(1).filter((f) => f.type === FrameType.HEADERS)).toHaveLength(0);
      expect(await serves()).toBe(0);
    });

    it("ends a connection whose header block grows past the limit", async () => {
      const { frames, serves } = await setup();
      const client = await frames();
      // 1 MB of one header, in 16 KB pieces: never decoded, never held whole.
      const block = headerBlock(grpcRequestHeaders(connectPath, { "x-huge": "h".repeat(1 << 20) }));
      const pieces = splitHeaders(1, block, 16_384);
      for (let i = 0; i < pieces.length && !client.closed; i += 8)
        await client.send(...pieces.slice(i, i + 8));
      if (transport === "raw") {
        await vi.waitFor(() => expect(client.closed).toBe(true), waitLong);
        expect(client.goawayCode()).toBe(ENHANCE_YOUR_CALM);
      }
      expect(client.stream(1).filter((f) => f.type === FrameType.DATA)).toHaveLength(0);
      expect(await serves()).toBe(0);
    });

    it("ends a connection that sends a header block HPACK cannot decode", async () => {
      const { frames, serves } = await setup();
      for (const broken of ["ff", "80", "bf", "3fe1ff", "408561626364"]) {
        const client = await frames();
        await client.send(frameBytes(FrameType.HEADERS, END_HEADERS, 1, Buffer.from(broken, "hex")));
        await vi.waitFor(() => expect(client.goaway()).toBeDefined(), waitLong);
        expect(client.goawayCode()).toBe(http2.constants.NGHTTP2_COMPRESSION_ERROR);
      }
      expect(await serves()).toBe(0);
    });
  });

  describe("control frames", () => {
    it("answers PINGs and SETTINGS at an honest pace, and ends a flood of them", async () => {
      const { frames, serves } = await setup();
      const honest = await frames();
      await honest.send(pingFrame(), frameBytes(FrameType.SETTINGS, 0, 0));
      await vi.waitFor(
        () => expect(honest.frames.filter((f) => f.flags & ACK).length).toBeGreaterThanOrEqual(3),
        waitLong,
      );
      const flood = await frames();
      const window = Buffer.alloc(6);
      window.writeUInt16BE(0x4, 0);
      window.writeUInt32BE(65_535, 2);
      const settings = frameBytes(FrameType.SETTINGS, 0, 0, window);
      for (let batch = 0; batch < 50 && !flood.closed; batch++) {
        await flood.send(...Array.from({ length: 1000 }, (_, i) => (i % 2 ? settings : pingFrame())));
      }
      if (transport === "raw") {
        await vi.waitFor(() => expect(flood.closed).toBe(true), waitLong);
        expect(flood.goawayCode()).toBe(ENHANCE_YOUR_CALM);
      }
      expect(await serves()).toBe(0);
    });

    it("stops reading a client that floods PINGs and never reads the answers", async () => {
      const { frames, serves } = await setup();
      const flood = await frames();
      flood.stopReading();
      const pings = Buffer.concat(Array.from({ length: 10_000 }, () => pingFrame()));
      // Not awaited past a point: the server stops reading, so the client's writes stop completing.
      for (let i = 0; i < 50 && !flood.closed; i++) {
        await Promise.race([flood.send(pings), new Promise((resolve) => setTimeout(resolve, 200))]);
      }
      expect(await serves()).toBe(0);
    });
  });

  describe("streams", () => {
    // The stream limit and the window pacing below are the raw transport's own code; node:http2's (nghttp2's)
    // timing of both differs between Node majors (when the limit binds, when trailers go), so they are
    // checked on the raw transport only.
    it.runIf(transport === "raw")(
      "refuses streams past SETTINGS_MAX_CONCURRENT_STREAMS, and takes new ones as others end",
      async () => {
        const { frames, serves } = await setup({ http2Settings: { maxConcurrentStreams: 4 } });
        const client = await frames();
        // nghttp2 holds a client to the limit once the client has acknowledged it: the server's SETTINGS
        // arrived and was ACKed (FrameClient does), and a PING answered after that ACK proves it was read.
        await vi.waitFor(
          () =>
            expect(client.frames.some((f) => f.type === FrameType.SETTINGS && !(f.flags & ACK))).toBe(true),
          waitLong,
        );
        await client.send(pingFrame());
        await vi.waitFor(
          () => expect(client.frames.some((f) => f.type === FrameType.PING && f.flags & ACK)).toBe(true),
          waitLong,
        );
        const slow = grpcRequestHeaders(slowPath);
        const empty = frame(new Uint8Array());
        for (let id = 1; id <= 9; id += 2) {
          await client.send(headersFrame(id, slow), dataFrame(id, empty, true));
        }
        await vi.waitFor(
          () => expect(client.stream(9).some((f) => f.type === FrameType.RST_STREAM)).toBe(true),
          waitLong,
        );
        const code = client
          .stream(9)
          .find((f) => f.type === FrameType.RST_STREAM)!
          .payload.readUInt32BE(0);
        expect(code).toBe(http2.constants.NGHTTP2_REFUSED_STREAM);
        // One of the four is cancelled: a new stream fits again.
        await client.send(frameBytes(FrameType.RST_STREAM, 0, 1, Buffer.from([0, 0, 0, 8])));
        await client.send(headersFrame(11, grpcRequestHeaders(connectPath)), dataFrame(11, empty, true));
        await vi.waitFor(
          () => expect(client.stream(11).at(-1)?.flags ?? 0).toBe(END_HEADERS | END_STREAM),
          waitLong,
        );
        expect(await serves()).toBe(0);
      },
    );

    it.runIf(transport === "raw")(
      "answers within the client's flow-control window, split into frames of at most 16 KB",
      async () => {
        const { frames } = await setup();
        const client = await frames({ initialWindow: 0 });
        const request = publishFrame(40_000);
        const pieces: Buffer[] = [];
        for (let offset = 0; offset < request.length; offset += 16_384) {
          pieces.push(
            dataFrame(1, request.subarray(offset, offset + 16_384), offset + 16_384 >= request.length),
          );
        }
        await client.send(headersFrame(1, grpcRequestHeaders(publishPath)), ...pieces);
        await vi.waitFor(
          () => expect(client.stream(1).some((f) => f.type === FrameType.HEADERS)).toBe(true),
          waitLong,
        );
        const sent = () =>
          client
            .stream(1)
            .filter((f) => f.type === FrameType.DATA)
            .reduce((n, f) => n + f.payload.length, 0);
        expect(sent()).toBe(0);
        // Open the window a little at a time: the answer never runs ahead of it.
        let granted = 0;
        const increment = Buffer.alloc(4);
        increment.writeUInt32BE(7_000, 0);
        while (!client.stream(1).some((f) => f.type === FrameType.HEADERS && f.flags & END_STREAM)) {
          await client.send(frameBytes(FrameType.WINDOW_UPDATE, 0, 1, increment));
          granted += 7_000;
          await vi.waitFor(() => expect(sent()).toBeGreaterThanOrEqual(Math.min(granted, 40_000)), waitLong);
          expect(sent()).toBeLessThanOrEqual(granted);
          if (granted > 100_000) break;
        }
        const frames_ = client.stream(1);
        for (const f of frames_.filter((f) => f.type === FrameType.DATA)) {
          expect(f.payload.length).toBeLessThanOrEqual(16_384);
        }
        expect(sent()).toBeGreaterThan(40_000);
        // The trailers end the stream, after the last DATA.
        const trailers = frames_.findIndex((f) => f.type === FrameType.HEADERS && f.flags & END_STREAM);
        expect(trailers).toBeGreaterThan(frames_.findLastIndex((f) => f.type === FrameType.DATA));
      },
    );

    it("ends a connection that breaks the rules of streams (even ids, DATA on idle ones, a client's push)", async () => {
      const { frames, serves } = await setup();
      const cases = [
        [headersFrame(2, grpcRequestHeaders(connectPath))],
        [dataFrame(7, Buffer.alloc(10))],
        [frameBytes(FrameType.CONTINUATION, END_HEADERS, 1, Buffer.alloc(1))],
        [frameBytes(5, END_HEADERS, 1, Buffer.alloc(8))], // PUSH_PROMISE from a client
      ];
      for (const frames_ of cases) {
        const client = await frames();
        await client.send(...frames_);
        await vi.waitFor(() => expect(client.goaway() !== undefined || client.closed).toBe(true), waitLong);
        if (transport === "raw") expect(client.goawayCode()).toBe(http2.constants.NGHTTP2_PROTOCOL_ERROR);
      }
      expect(await serves()).toBe(0);
    });
  });

  describe("random frames", () => {
    it("survive 150 connections of random frames after a valid preface", async () => {
      const { port, serves } = await setup();
      for (let seed = 1; seed <= 150; seed++) {
        const client = await FrameClient.connect(port);
        open.push(client);
        const bytes = randomBytes(seed, 2_000);
        const parts: Buffer[] = [];
        // Frame headers with small lengths and real types and flags, random payloads.
        for (let offset = 0; offset + 9 < bytes.length; ) {
          const length = bytes[offset]! % 64;
          const payload = bytes.subarray(offset + 9, offset + 9 + length);
          parts.push(
            frameBytes(bytes[offset + 1]! % 11, bytes[offset + 2]!, bytes[offset + 3]! % 8, payload),
          );
          offset += 9 + length;
        }
        await client.send(...parts);
        client.destroy();
      }
      // And bytes that are not even frames.
      const garbage = await FrameClient.connect(port, { preface: false });
      open.push(garbage);
      await garbage.send(CLIENT_PREFACE, randomBytes(7, 5_000));
      expect(await serves()).toBe(0);
    });
  });
});
