// exhook: the 3-handler chain plus an MQTT sink route with `buffer: "disk"` to a dead broker (a port nothing listens on).
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain-mqtt-disk-dead",
  label: "exhook chain + MQTT sink (disk), dead broker",
  order: 120,
  sink: "mqtt",
  broker: "dead",
  buffer: "disk",
});
