// exhook: the 3-handler chain plus an MQTT sink route (memory buffer) to a broker that keeps up (the machine's Mosquitto).
import { chainServer } from "../lib/exhook-chain.mjs";

export const server = chainServer({
  id: "exhook-chain-mqtt",
  label: "exhook chain + MQTT sink, live broker",
  order: 75,
  sink: "mqtt",
  broker: "live",
});
