import * as http2 from "node:http2";
import * as net from "node:net";
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { v2 } from "@exhook/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forEachTransport, startServer } from "./test-support/fixture.js";
import { CLIENT_PREFACE } from "./test-support/h2-frames.js";
import { connectRaw, frame, grpcHeaders, rawCall } from "./test-support/raw-http2.js";
import { type GrpcServerOptions, unaryRoute } from "./types.js";

const connectPath = "/emqx.exhook.v2.HookProvider/OnClientConnect";
const routes = [unaryRoute(v2.HookProvider.method.onClientConnect, () => create(v2.EmptySuccessSchema))];
const waitLong = { timeout: 15_000, interval: 10 };

const sessions: http2.ClientHttp2Session[] = [];
const sockets: net.Socket[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
});

async function setup(options: Partial<GrpcServerOptions>) {
  const started = await startServer({ routes, ...options });
  const connect = async () => {
    const session = await connectRaw(started.port);
    sessions.push(session);
    return session;
  };
  return { ...started, connect };
}

/** Frames are handled in order: once the PING is answered, the server has seen everything sent before it. */
function roundTrip(session: http2.ClientHttp2Session): Promise<void> {
  return new Promise((resolve, reject) => session.ping((error) => (error ? reject(error) : resolve())));
}

interface Pending {
  readonly stream: http2.ClientHttp2Stream;
  readonly answer: Promise<{ status: string | undefined; rstCode: number | undefined }>;
}

/** Starts a call and sends `bytes` of a request (a frame announcing `announced` bytes), without ending it. */
function partial(session: http2.ClientHttp2Session, bytes: number, announced = bytes - 5): Pending {
  const stream = session.request(grpcHeaders(connectPath));
  stream.on("error", () => {});
  stream.resume(); // an answer's message is read, or the stream never ends
  const answer = new Promise<{ status: string | undefined; rstCode: number | undefined }>((resolve) => {
    let status: string | undefined;
    stream.on("response", (headers) => {
      status = headers["grpc-status"] as string | undefined;
    });
    stream.on("trailers", (trailers) => {
      status = trailers["grpc-status"] as string | undefined;
    });
    stream.on("close", () => resolve({ status, rstCode: stream.rstCode }));
  });
  stream.write(requestBytes(announced).subarray(0, bytes));
  return { stream, answer };
}

/** A framed request of exactly `size` message bytes: one unknown bytes field (15) of zeros. */
function requestBytes(size: number): Buffer {
  const lengthBytes = size - 1 > 16_383 + 3 ? 3 : size - 1 > 127 + 2 ? 2 : 1;
  const out = Buffer.alloc(5 + size);
  out.writeUInt32BE(size, 1);
  out[5] = (15 << 3) | 2;
  let length = size - 1 - lengthBytes;
  for (let i = 0; i < lengthBytes; i++) {
    out[6 + i] = (length & 0x7f) | (i < lengthBytes - 1 ? 0x80 : 0);
    length >>>= 7;
  }
  return out;
}

/** The rest of a request `partial` began, and its end. */
function finishRequest(pending: Pending, sent: number, announced: number): void {
  pending.stream.end(requestBytes(announced).subarray(sent));
}

forEachTransport(() => {
  describe("request bytes still arriving are capped", () => {
    it("per connection: RESOURCE_EXHAUSTED past the cap, REFUSED_STREAM while full, released as calls end", async () => {
      const { connect } = await setup({
        maxReceiveMessageBytes: 10_000,
        maxBufferedRequestBytesPerConnection: 8_000,
      });
      const session = await connect();
      const other = await connect();
      const held = partial(session, 6_000, 7_000);
      await roundTrip(session);
      // 6 000 held + 3 000 more would pass 8 000 on this connection.
      const over = partial(session, 3_000, 7_000);
      expect((await over.answer).status).toBe(String(Code.ResourceExhausted));
      // Another connection has its own budget.
      const elsewhere = partial(other, 3_000, 7_000);
      await roundTrip(other);
      // Fill this connection up: new streams are refused before any work.
      const filler = partial(session, 2_000, 7_000);
      await roundTrip(session);
      const refused = await rawCall(session, grpcHeaders(connectPath), [frame(new Uint8Array())]);
      expect(refused.rstCode).toBe(http2.constants.NGHTTP2_REFUSED_STREAM);
      // A reset lets its bytes go, and so does a request that ends.
      filler.stream.close(http2.constants.NGHTTP2_CANCEL);
      await filler.answer;
      finishRequest(held, 6_000, 7_000);
      expect((await held.answer).status).toBe("0");
      finishRequest(elsewhere, 3_000, 7_000);
      expect((await elsewhere.answer).status).toBe("0");
      const after = await rawCall(session, grpcHeaders(connectPath), [frame(new Uint8Array())]);
      expect(after.status).toBe(0);
    });

    it("per server, across connections", async () => {
      const { connect } = await setup({ maxReceiveMessageBytes: 10_000, maxBufferedRequestBytes: 8_000 });
      const first = await connect();
      const second = await connect();
      const held = partial(first, 6_000, 7_000);
      await roundTrip(first);
      const over = partial(second, 3_000, 7_000);
      const answer = await over.answer;
      expect(answer.status).toBe(String(Code.ResourceExhausted));
      held.stream.close(http2.constants.NGHTTP2_CANCEL);
      await held.answer;
      const next = partial(second, 3_000, 7_000);
      finishRequest(next, 3_000, 7_000);
      expect((await next.answer).status).toBe("0");
    });

    it("many streams sending parts of large requests hold no more than the caps", async () => {
      const { connect } = await setup({
        maxReceiveMessageBytes: 100_000,
        maxBufferedRequestBytesPerConnection: 200_000,
        maxBufferedRequestBytes: 300_000,
      });
      const clients = [await connect(), await connect()];
      const pending = clients.flatMap((session) =>
        Array.from({ length: 64 }, () => partial(session, 50_000)),
      );
      const answered: { status: string | undefined; rstCode: number | undefined }[] = [];
      for (const p of pending) void p.answer.then((a) => answered.push(a));
      // At most 300 000 bytes (6 requests' worth) are held; every other request is refused or exhausted.
      await vi.waitFor(() => expect(answered.length).toBeGreaterThanOrEqual(128 - 6), waitLong);
      await Promise.all(clients.map(roundTrip));
      expect(answered.length).toBeLessThan(128);
      for (const a of answered) {
        expect(
          a.status === String(Code.ResourceExhausted) || a.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM,
        ).toBe(true);
      }
    });
  });

  describe("requests refused while still arriving", () => {
    it("leave their connection serving: 1200 of them, 60 MB refused mid-flight, and the next call is answered", async () => {
      const { connect } = await setup({ maxReceiveMessageBytes: 100 });
      const session = await connect();
      const refusedOne = () =>
        new Promise<string | undefined>((resolve) => {
          const stream = session.request(grpcHeaders(connectPath));
          stream.on("error", () => {});
          stream.resume();
          let status: string | undefined;
          stream.on("response", (headers) => {
            status = headers["grpc-status"] as string | undefined;
          });
          stream.on("close", () => resolve(status));
          const head = Buffer.alloc(5);
          head.writeUInt32BE(50_000, 1); // refused at once, while the rest is on its way
          stream.write(head);
          for (let i = 0; i < 10; i++) stream.write(Buffer.alloc(5_000));
          stream.end();
        });
      for (let round = 0; round < 12; round++) {
        const statuses = await Promise.all(Array.from({ length: 100 }, refusedOne));
        expect(new Set(statuses)).toEqual(new Set([String(Code.ResourceExhausted)]));
      }
      const next = await rawCall(session, grpcHeaders(connectPath), [frame(new Uint8Array())]);
      expect(next.rstCode).toBe(http2.constants.NGHTTP2_NO_ERROR); // not ENHANCE_YOUR_CALM
      expect(next.status).toBe(0);
    });
  });

  describe("connections that say nothing are closed", () => {
    function rawSocket(port: number): Promise<net.Socket & { gone?: boolean }> {
      return new Promise((resolve) => {
        const socket: net.Socket & { gone?: boolean } = net.connect(port, "127.0.0.1", () => resolve(socket));
        socket.on("error", () => {});
        socket.on("close", () => {
          socket.gone = true;
        });
        socket.resume();
        sockets.push(socket);
      });
    }

    it("closes connections that never send a valid preface, silent or half-sent", async () => {
      const { port } = await setup({ prefaceTimeoutMs: 300 });
      const silent = await rawSocket(port);
      const half = await rawSocket(port);
      half.write(CLIENT_PREFACE.subarray(0, 10));
      await vi.waitFor(() => expect(silent.gone).toBe(true), waitLong);
      await vi.waitFor(() => expect(half.gone).toBe(true), waitLong);
    });

    it("closes a connection idle past idleTimeoutMs, but not one the client pings (as EMQX does)", async () => {
      // Well apart (30 pings per idle period), so a stalled test process cannot make the pinger look idle.
      const { connect, server } = await setup({ idleTimeoutMs: 3_000 });
      const quiet = await connect();
      const pinging = await connect();
      const pinger = setInterval(() => pinging.ping(() => {}), 100);
      try {
        let goaway: number | undefined;
        quiet.on("goaway", (code) => {
          goaway = code;
        });
        await vi.waitFor(() => expect(quiet.closed || quiet.destroyed).toBe(true), waitLong);
        expect(goaway).toBe(http2.constants.NGHTTP2_NO_ERROR);
        expect(pinging.closed || pinging.destroyed).toBe(false);
        // The server sees the quiet connection's end a moment after its client does.
        await vi.waitFor(() => expect(server.sessions).toBe(1), waitLong);
        const answer = await rawCall(pinging, grpcHeaders(connectPath), [frame(new Uint8Array())]);
        expect(answer.status).toBe(0);
      } finally {
        clearInterval(pinger);
      }
    });
  });
});
