// exhook: the demo app (apps/demo), the same contract as the peers, built on @exhook/core.
import { existsSync } from "node:fs";

export const server = {
  id: "exhook-demo",
  label: "exhook demo (apps/demo)",
  role: "exhook",
  order: 50,
  scenarios: ["publish", "authenticate"],
  demoContract: true,
  prepare(ctx) {
    const main = `${ctx.root}/apps/demo/dist/main.js`;
    if (!existsSync(main)) return { skip: "not built: apps/demo/dist/main.js missing" };
    return { command: process.execPath, args: [main] };
  },
};
