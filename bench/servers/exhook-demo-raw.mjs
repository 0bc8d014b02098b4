// exhook: the demo app on the opt-in raw transport (`listen({ transport: "raw" })`), same contract.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const server = {
  id: "exhook-demo-raw",
  label: "exhook demo, raw transport",
  role: "exhook",
  order: 51,
  scenarios: ["publish", "authenticate"],
  demoContract: true,
  prepare(ctx) {
    if (!existsSync(`${ctx.root}/apps/demo/dist/demo.js`))
      return { skip: "not built: apps/demo/dist missing" };
    return {
      command: process.execPath,
      args: [fileURLToPath(new URL("../peers/exhook-demo-raw.mjs", import.meta.url))],
    };
  },
};
