// exhook: the 3-handler chain plus an MQTT sink route to a dead broker (a port nothing listens on).
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain-mqtt-dead",
  label: "exhook chain + MQTT sink, dead broker",
  order: 90,
  sink: "mqtt",
  broker: "dead",
});
