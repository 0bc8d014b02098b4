// The Node limit with decoding: node:http2 reading each request and decoding it with exhook's compiled codec,
// answering the same precomputed frame as the bare limit. What any Node gRPC server must do, nothing of exhook's.
import http2 from "node:http2";
import { v2 } from "@exhook/proto";
// Not public API: the bench reaches into core's build for the decoder the exhook servers use.
import { compileDecoder } from "../../packages/core/dist/codec/decoder.js";
import { grpcFrame, scenarios } from "../lib/wire.mjs";

const decoders = new Map([
  ["/emqx.exhook.v2.HookProvider/OnMessagePublish", compileDecoder(v2.MessagePublishRequestSchema)],
  ["/emqx.exhook.v2.HookProvider/OnClientAuthenticate", compileDecoder(v2.ClientAuthenticateRequestSchema)],
]);
const answers = new Map(scenarios.map((s) => [s.path, grpcFrame(s.answer())]));
const unknown = grpcFrame(new Uint8Array(0));
const responseHeaders = { ":status": 200, "content-type": "application/grpc+proto" };
const trailers = { "grpc-status": "0" };

const server = http2.createServer();
server.on("stream", (stream, headers) => {
  const path = headers[":path"];
  const chunks = [];
  stream.on("error", () => {});
  stream.on("data", (chunk) => chunks.push(chunk));
  stream.on("end", () => {
    const frame = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    // Decoded and dropped: the answer is fixed, as in the bare limit.
    decoders.get(path)?.(frame.subarray(5));
    stream.respond(responseHeaders, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    stream.end(answers.get(path) ?? unknown);
  });
});
server.listen(Number(process.env.EXHOOK_PORT), "127.0.0.1");
