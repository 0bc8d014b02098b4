// Peer: @grpc/grpc-js + @grpc/proto-loader with the demo contract.
import { fileURLToPath } from "node:url";

export const server = {
  id: "grpc-js",
  label: "@grpc/grpc-js + proto-loader",
  role: "peer",
  order: 20,
  scenarios: ["publish", "authenticate"],
  demoContract: true,
  prepare: () => ({
    command: process.execPath,
    args: [fileURLToPath(new URL("../peers/grpc-js.mjs", import.meta.url))],
  }),
};
