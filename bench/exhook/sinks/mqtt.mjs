// Bench target: an MQTT broker (BENCH_MQTT_URL: the machine's Mosquitto, the slow broker or a dead port).
export const pkg = "@exhook/sink-mqtt";

export function props(env) {
  return {
    server: env.BENCH_MQTT_URL ?? "mqtt://127.0.0.1:1883",
    topic: "exhook/${hook}/${clientid}",
    qos: 1,
  };
}
