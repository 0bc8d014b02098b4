// exhook: a 3-handler chain on message.publish, no sink (the baseline of the sink rows).
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain",
  label: "exhook 3-handler chain",
  order: 60,
  sink: "none",
});
