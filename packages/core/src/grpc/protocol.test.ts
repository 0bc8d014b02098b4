import * as http2 from "node:http2";
import * as net from "node:net";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { v2 } from "@exhook/proto";
import { afterEach, describe, expect, it } from "vitest";
import { forEachTransport, sleep, startServer } from "./test-support/fixture.js";
import { connectRaw, frame, grpcHeaders, rawCall } from "./test-support/raw-http2.js";
import { type UnaryCall, unaryRoute } from "./types.js";

const publishPath = "/emqx.exhook.v2.HookProvider/OnMessagePublish";
const slowPath = "/emqx.exhook.v2.HookProvider/OnSessionCreated";
const publish = (topic: string) =>
  frame(
    toBinary(v2.MessagePublishRequestSchema, create(v2.MessagePublishRequestSchema, { message: { topic } })),
  );

const sessions: http2.ClientHttp2Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
});

/** A server whose publish route echoes the topic, and whose slow route waits for its signal to abort. */
async function setup() {
  const seen: { call: UnaryCall | undefined; reason: unknown } = { call: undefined, reason: undefined };
  let onAborted: (reason: unknown) => void = () => {};
  const aborted = new Promise<unknown>((resolve) => {
    onAborted = resolve;
  });
  const started = await startServer({
    onError: () => {},
    routes: [
      unaryRoute(v2.HookProvider.method.onMessagePublish, (request) =>
        create(v2.ValuedResponseSchema, { value: { case: "message", value: request.message! } }),
      ),
      unaryRoute(v2.HookProvider.method.onSessionCreated, (_request, call) => {
        seen.call = call;
        return new Promise((_resolve, reject) => {
          call.signal.addEventListener("abort", () => {
            seen.reason = call.signal.reason;
            onAborted(call.signal.reason);
            reject(call.signal.reason);
          });
        });
      }),
    ],
  });
  const session = await connectRaw(started.port);
  sessions.push(session);
  return { ...started, session, seen, aborted };
}

function topicOf(body: Buffer): string | undefined {
  expect(body.readUInt32BE(1)).toBe(body.length - 5);
  const answer = fromBinary(v2.ValuedResponseSchema, body.subarray(5));
  return answer.value.case === "message" ? answer.value.value.topic : undefined;
}

forEachTransport(() => {
  describe("the gRPC wire protocol, seen by a raw HTTP/2 client", () => {
    it("answers headers, one frame and OK trailers, mirroring the content type", async () => {
      const { session } = await setup();
      for (const contentType of [
        "application/grpc+proto",
        "application/grpc",
        "application/grpc;charset=utf-8",
      ]) {
        const answer = await rawCall(session, grpcHeaders(publishPath, { "content-type": contentType }), [
          publish("t/1"),
        ]);
        expect(answer.headers[":status"]).toBe(200);
        expect(answer.headers["content-type"]).toBe(
          contentType.startsWith("application/grpc+proto") ? contentType : "application/grpc",
        );
        expect(answer.headers["grpc-accept-encoding"]).toBe("identity");
        expect(answer.headers["grpc-encoding"]).toBeUndefined();
        expect(answer.trailers?.["grpc-status"]).toBe("0");
        expect(topicOf(answer.body)).toBe("t/1");
      }
    });

    it("collects a request that arrives in many small chunks", async () => {
      const { session } = await setup();
      const bytes = publish("a/fairly/long/topic/split/into/pieces");
      const chunks = [...bytes].map((byte) => Buffer.from([byte]));
      const answer = await rawCall(session, grpcHeaders(publishPath), chunks);
      expect(answer.status).toBe(0);
      expect(topicOf(answer.body)).toBe("a/fairly/long/topic/split/into/pieces");
    });

    it("answers HTTP 415 to a content type that is not gRPC, and 405 to GET", async () => {
      const { session } = await setup();
      const json = await rawCall(session, grpcHeaders(publishPath, { "content-type": "application/json" }), [
        Buffer.from("{}"),
      ]);
      expect(json.headers[":status"]).toBe(415);
      expect(json.status).toBe(Code.InvalidArgument);
      const get = await rawCall(session, { ":method": "GET", ":path": publishPath }, []);
      expect(get.headers[":status"]).toBe(405);
    });

    it("answers INTERNAL to a body that does not parse, and the next call normally", async () => {
      const { session } = await setup();
      const garbage = frame(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
      const bad = await rawCall(session, grpcHeaders(publishPath), [garbage]);
      expect(bad.headers[":status"]).toBe(200);
      expect(bad.status).toBe(Code.Internal);
      expect(bad.message).toMatch(/^failed to parse request/);
      expect(bad.trailers).toBeUndefined(); // trailers-only
      const good = await rawCall(session, grpcHeaders(publishPath), [publish("next")]);
      expect(topicOf(good.body)).toBe("next");
    });

    it("answers INTERNAL to a missing, truncated or doubled message", async () => {
      const { session } = await setup();
      const one = publish("t");
      for (const body of [[], [one.subarray(0, 3)], [one.subarray(0, one.length - 1)], [one, one]]) {
        const answer = await rawCall(session, grpcHeaders(publishPath), body);
        expect(answer.status).toBe(Code.Internal);
      }
    });

    it("refuses compression: a compressed flag without grpc-encoding is INTERNAL, gzip is UNIMPLEMENTED", async () => {
      const { session } = await setup();
      const compressed = frame(Buffer.from([0x1f, 0x8b]), 1);
      const flagged = await rawCall(session, grpcHeaders(publishPath), [compressed]);
      expect(flagged.status).toBe(Code.Internal);
      const gzip = await rawCall(session, grpcHeaders(publishPath, { "grpc-encoding": "gzip" }), [
        compressed,
      ]);
      expect(gzip.status).toBe(Code.Unimplemented);
      expect(gzip.headers["grpc-accept-encoding"]).toBe("identity");
      const identity = await rawCall(session, grpcHeaders(publishPath, { "grpc-encoding": "identity" }), [
        publish("plain"),
      ]);
      expect(topicOf(identity.body)).toBe("plain");
    });

    it("refuses an announced oversized message at once, without waiting for its bytes", async () => {
      const { port } = await startServer({
        routes: [unaryRoute(v2.HookProvider.method.onMessagePublish, () => create(v2.ValuedResponseSchema))],
        maxReceiveMessageBytes: 100,
      });
      const session = await connectRaw(port);
      sessions.push(session);
      const answer = await new Promise<http2.IncomingHttpHeaders>((resolve) => {
        const stream = session.request(grpcHeaders(publishPath));
        stream.on("response", resolve);
        stream.on("error", () => {});
        const header = Buffer.alloc(5);
        header.writeUInt32BE(1_000_000, 1);
        stream.write(header); // and never the rest, nor the end of the stream
      });
      expect(answer["grpc-status"]).toBe(String(Code.ResourceExhausted));
      expect(decodeURIComponent(String(answer["grpc-message"]))).toBe(
        "request message larger than max (1000000 vs. 100)",
      );
    });

    it("answers DEADLINE_EXCEEDED when grpc-timeout passes, and aborts the handler's signal", async () => {
      const { session, seen, aborted } = await setup();
      const before = Date.now();
      const answer = await rawCall(session, grpcHeaders(slowPath, { "grpc-timeout": "50m" }), [
        frame(new Uint8Array()),
      ]);
      expect(answer.status).toBe(Code.DeadlineExceeded);
      expect(seen.call?.deadline).toBeGreaterThanOrEqual(before + 50);
      expect(seen.call?.deadline).toBeLessThan(before + 1000);
      const reason = await aborted;
      expect(reason).toBeInstanceOf(ConnectError);
      expect((reason as ConnectError).code).toBe(Code.DeadlineExceeded);
    });

    it("answers INTERNAL to a malformed grpc-timeout, and gives Infinity without one", async () => {
      const { session, seen } = await setup();
      const bad = await rawCall(session, grpcHeaders(publishPath, { "grpc-timeout": "5 seconds" }), [
        publish("t"),
      ]);
      expect(bad.status).toBe(Code.Internal);
      const stream = session.request(grpcHeaders(slowPath));
      stream.on("error", () => {});
      stream.end(frame(new Uint8Array()));
      while (seen.call === undefined) await sleep(5);
      expect(seen.call.deadline).toBe(Number.POSITIVE_INFINITY);
      expect(seen.call.path).toBe(slowPath);
      expect(seen.call.method.name).toBe("OnSessionCreated");
      expect(seen.call.requestHeaders["content-type"]).toBe("application/grpc+proto");
      expect(seen.call.peer.address).toBe("127.0.0.1");
      expect(seen.call.peer.port).toBe(session.socket.localPort);
      stream.close(http2.constants.NGHTTP2_CANCEL);
    });

    it("aborts the signal of a call the client cancels, and keeps serving", async () => {
      const { session, seen, aborted } = await setup();
      const stream = session.request(grpcHeaders(slowPath));
      stream.on("error", () => {});
      stream.end(frame(new Uint8Array()));
      while (seen.call === undefined) await sleep(5);
      stream.close(http2.constants.NGHTTP2_CANCEL);
      expect(((await aborted) as ConnectError).code).toBe(Code.Canceled);
      const next = await rawCall(session, grpcHeaders(publishPath), [publish("after")]);
      expect(topicOf(next.body)).toBe("after");
    });

    it("survives resets with error codes and connections dropped mid-call", async () => {
      const { session, port, seen, aborted } = await setup();
      // A reset with an error code while the handler works (node turns it into a stream 'error').
      const stream = session.request(grpcHeaders(slowPath));
      stream.on("error", () => {});
      stream.end(frame(new Uint8Array()));
      while (seen.call === undefined) await sleep(5);
      stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      expect(((await aborted) as ConnectError).code).toBe(Code.Canceled);
      // A connection destroyed with calls in flight.
      const doomed = await connectRaw(port);
      for (let i = 0; i < 5; i++) {
        const s = doomed.request(grpcHeaders(slowPath));
        s.on("error", () => {});
        s.end(frame(new Uint8Array()));
      }
      await sleep(10);
      doomed.destroy();
      await sleep(20);
      const next = await rawCall(session, grpcHeaders(publishPath), [publish("alive")]);
      expect(topicOf(next.body)).toBe("alive");
    });

    it("survives connections that do not speak HTTP/2", async () => {
      const { session, port } = await setup();
      for (const bytes of [
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\ngarbage-frames",
      ]) {
        const socket = net.connect(port, "127.0.0.1");
        socket.on("error", () => {});
        socket.resume();
        socket.write(bytes);
        await new Promise((resolve) => socket.once("close", resolve));
      }
      const reset = net.connect(port, "127.0.0.1");
      reset.on("error", () => {});
      await new Promise((resolve) => reset.once("connect", resolve));
      reset.resetAndDestroy();
      const next = await rawCall(session, grpcHeaders(publishPath), [publish("still here")]);
      expect(topicOf(next.body)).toBe("still here");
    });

    it("answers PINGs", async () => {
      const { session } = await setup();
      const rtt = await new Promise<number>((resolve, reject) =>
        session.ping((error, duration) => (error ? reject(error) : resolve(duration))),
      );
      expect(rtt).toBeGreaterThanOrEqual(0);
    });
  });
});
