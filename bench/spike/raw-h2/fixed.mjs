// The raw server answering each path with a fixed, precomputed gRPC frame, decoding nothing: the same job as
// bench/peers/bare-http2.mjs on node:http2 (same answers, same two response headers, same trailer).
import { grpcFrame, scenarios } from "../../lib/wire.mjs";
import { headerBlock } from "./blocks.mjs";
import { createRawServer } from "./server.mjs";

const answers = new Map(scenarios.map((s) => [s.path, grpcFrame(s.answer())]));
const unknown = grpcFrame(new Uint8Array(0));
const responseHeaders = headerBlock([
  [":status", 200],
  ["content-type", "application/grpc+proto"],
]);
const trailers = headerBlock([["grpc-status", "0"]]);

function pathOf(headers) {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === ":path") return headers[i + 1];
  return "";
}

const app = {
  onHeaders() {},
  onData() {},
  onEnd(connection, stream) {
    connection.respond(stream, responseHeaders, answers.get(pathOf(stream.headers)) ?? unknown, trailers);
  },
  onAbort() {},
};

const server = createRawServer(app);
await server.listen({ port: Number(process.env.EXHOOK_PORT), host: "127.0.0.1" });
