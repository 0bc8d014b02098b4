// exhook: the 3-handler chain plus an MQTT sink route to a deliberately slow broker (lib/slow-broker.mjs).
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain-mqtt-slow",
  label: "exhook chain + MQTT sink, slow broker",
  order: 80,
  sink: "mqtt",
  broker: "slow",
});
