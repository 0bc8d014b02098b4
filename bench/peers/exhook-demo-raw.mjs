// The exhook demo (apps/demo) on the raw transport: `listen({ transport: "raw" })`, everything else as main.js.
import { createConsoleLogger } from "@exhook/core";
import { createDemo } from "../../apps/demo/dist/demo.js";

const app = createDemo({ logger: createConsoleLogger("info") });
await app.listen({ host: "127.0.0.1", transport: "raw" });
process.once("SIGTERM", async () => {
  await app.close({ deadlineMs: 5_000 });
  process.exit(0);
});
