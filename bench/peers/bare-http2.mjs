// The Node limit: a bare node:http2 server answering each path with a fixed, precomputed gRPC frame; it decodes nothing.
import http2 from "node:http2";
import { grpcFrame, scenarios } from "../lib/wire.mjs";

const answers = new Map(scenarios.map((s) => [s.path, grpcFrame(s.answer())]));
const unknown = grpcFrame(new Uint8Array(0));
const responseHeaders = { ":status": 200, "content-type": "application/grpc+proto" };
const trailers = { "grpc-status": "0" };

const server = http2.createServer();
server.on("stream", (stream, headers) => {
  // The request body is drained, never parsed: this is the floor every real server sits above.
  stream.resume();
  stream.respond(responseHeaders, { waitForTrailers: true });
  stream.on("wantTrailers", () => stream.sendTrailers(trailers));
  stream.end(answers.get(headers[":path"]) ?? unknown);
});
server.listen(Number(process.env.EXHOOK_PORT), "127.0.0.1");
