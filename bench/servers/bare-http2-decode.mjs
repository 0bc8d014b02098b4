// The Node limit with decoding: node:http2 reading and decoding each request (core's compiled codec), fixed answer.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const server = {
  id: "bare-http2-decode",
  label: "node:http2 + decode, fixed frame (limit)",
  role: "limit",
  order: 11,
  scenarios: ["publish", "authenticate"],
  demoContract: false,
  prepare(ctx) {
    if (!existsSync(`${ctx.root}/packages/core/dist/codec/decoder.js`))
      return { skip: "not built: packages/core/dist/codec/decoder.js missing" };
    return {
      command: process.execPath,
      args: [fileURLToPath(new URL("../peers/bare-http2-decode.mjs", import.meta.url))],
    };
  },
};
