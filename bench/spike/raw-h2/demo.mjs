// The exhook demo (apps/demo) served by the spike's transport instead of node:http2: the same routes
// (app.routes(): HookProvider v1, v2, v3 and health, the dispatcher behind them), the same codec.
import { createConsoleLogger } from "@exhook/core";
import { createDemo } from "../../../apps/demo/dist/demo.js";
import { createGrpcApp } from "./grpc-app.mjs";
import { createRawServer } from "./server.mjs";

const app = createDemo({ logger: createConsoleLogger("info") });
const server = createRawServer(createGrpcApp({ routes: app.routes() }));
const { port } = await server.listen({
  port: Number(process.env.EXHOOK_PORT ?? 9000),
  host: process.env.EXHOOK_HOST ?? "127.0.0.1",
});
process.stdout.write(`exhook demo on the raw HTTP/2 spike, port ${port}\n`);
const stop = async () => {
  await server.close({ deadlineMs: 5000 });
  await app.close({ deadlineMs: 1000 });
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
