// `pnpm demo`: starts the demo server on $EXHOOK_PORT (default 9000).
import { createConsoleLogger } from "@exhook/core";
import { createDemo } from "./demo.js";

const app = createDemo({ logger: createConsoleLogger("info") });
const { url } = await app.listen({ host: process.env["EXHOOK_HOST"] ?? "0.0.0.0" });
process.stdout.write(`exhook demo listening on ${url} (HookProvider v1, v2, v3)\n`);

const stop = async () => {
  await app.close({ deadlineMs: 5_000 });
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
