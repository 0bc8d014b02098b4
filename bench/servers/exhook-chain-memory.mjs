// exhook: the 3-handler chain plus a route to the memory sink.
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain-memory",
  label: "exhook chain + memory sink",
  order: 70,
  sink: "memory",
});
