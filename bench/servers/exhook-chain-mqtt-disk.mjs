// exhook: the 3-handler chain plus an MQTT sink route with `buffer: "disk"` to a broker that keeps up.
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain-mqtt-disk",
  label: "exhook chain + MQTT sink (disk), live broker",
  order: 100,
  sink: "mqtt",
  broker: "live",
  buffer: "disk",
});
