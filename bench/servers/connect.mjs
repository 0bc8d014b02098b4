// Peer: http2.createServer(connectNodeAdapter({ routes, grpc: true })) with the demo contract.
import { fileURLToPath } from "node:url";

export const server = {
  id: "connect",
  label: "connectNodeAdapter (Connect-ES)",
  role: "peer",
  order: 30,
  scenarios: ["publish", "authenticate"],
  demoContract: true,
  prepare: () => ({
    command: process.execPath,
    args: [fileURLToPath(new URL("../peers/connect.mjs", import.meta.url))],
  }),
};
