// The Node limit: node:http2 answering a precomputed frame, no decoding.
import { fileURLToPath } from "node:url";

export const server = {
  id: "bare-http2",
  label: "node:http2, fixed frame (limit)",
  role: "limit",
  order: 10,
  scenarios: ["publish", "authenticate"],
  demoContract: false,
  prepare: () => ({
    command: process.execPath,
    args: [fileURLToPath(new URL("../peers/bare-http2.mjs", import.meta.url))],
  }),
};
