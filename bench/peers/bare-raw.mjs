// The raw transport's limit: @exhook/core's own HTTP/2 connection (packages/core/src/grpc/h2) answering each
// path with the same fixed frame, headers and trailer as bare-http2.mjs, and decoding nothing.
import net from "node:net";
import { H2Connection, H2Stream } from "../../packages/core/dist/grpc/h2/connection.js";
import { headerBlock } from "../../packages/core/dist/grpc/h2/header-block.js";
import { grpcFrame, scenarios } from "../lib/wire.mjs";

const answers = new Map(scenarios.map((s) => [s.path, grpcFrame(s.answer())]));
const unknown = grpcFrame(new Uint8Array(0));
const responseHeaders = headerBlock([
  [":status", "200"],
  ["content-type", "application/grpc+proto"],
]);
const trailers = headerBlock([["grpc-status", "0"]]);
const limits = {
  maxConcurrentStreams: 4096,
  maxHeaderBlockBytes: 65536,
  maxContinuations: 64,
  resetBurst: 10000,
  resetRate: 1000,
  controlBurst: 1000,
  controlRate: 100,
  maxOutboundBytes: 1 << 20,
};

function pathOf(headers) {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === ":path") return headers[i + 1];
  return "";
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let connection;
  const handler = {
    createStream: (c, id, headers) => new H2Stream(id, headers, c.peerInitialWindow),
    onHeaders() {},
    onData() {},
    // The request body is dropped, never parsed: the floor of this transport, as bare-http2 is node:http2's.
    onEnd(stream) {
      connection.respond(stream, responseHeaders, answers.get(pathOf(stream.headers)) ?? unknown, trailers);
    },
    onAbort() {},
    onTurnEnd() {},
  };
  connection = new H2Connection(socket, handler, limits, () => {});
});
server.listen(Number(process.env.EXHOOK_PORT), "127.0.0.1");
