// exhook: the 3-handler chain plus an MQTT sink route with `buffer: "disk"` to the slow broker (lib/slow-broker.mjs).
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain-mqtt-disk-slow",
  label: "exhook chain + MQTT sink (disk), slow broker",
  order: 110,
  sink: "mqtt",
  broker: "slow",
  buffer: "disk",
});
