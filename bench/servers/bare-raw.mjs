// The raw transport's limit: exhook's own HTTP/2 (packages/core/src/grpc/h2) answering a precomputed frame.
import { fileURLToPath } from "node:url";

export const server = {
  id: "bare-raw",
  label: "raw HTTP/2 (core), fixed frame (limit)",
  role: "limit",
  order: 12,
  scenarios: ["publish", "authenticate"],
  demoContract: false,
  prepare: () => ({
    command: process.execPath,
    args: [fileURLToPath(new URL("../peers/bare-raw.mjs", import.meta.url))],
  }),
};
