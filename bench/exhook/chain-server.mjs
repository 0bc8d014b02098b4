// The exhook chain server of the bench: 3 handlers on message.publish and, per BENCH_SINK, one sink route.
// Written against @exhook/core's createExhook / app.on / continueWith / denyPublish / app.listen; the sink
// route is marked TODO(exhook API) until the sink runtime's public API lands.
import { continueWith, createExhook, denyPublish } from "@exhook/core";

const sinkKind = process.env.BENCH_SINK ?? "none";
const app = createExhook();

// 1. Deny publishes of banned users (allow_publish "false").
app.on("message.publish", (event) => {
  if (event.message.headers.username !== "baduser") return undefined;
  return denyPublish(event.message);
});

// 2. Rewrite rewrite/<rest> to rewritten/<rest>.
app.on("message.publish", (event) => {
  const topic = event.message.topic;
  if (!topic.startsWith("rewrite/")) return undefined;
  return continueWith({ topic: `rewritten/${topic.slice(8)}` });
});

// 3. Count QoS 1 publishes, the kind of cheap bookkeeping a real chain does inline.
let qos1 = 0;
app.on("message.publish", (event) => {
  if (event.message.qos === 1) qos1++;
  return undefined;
});

let sink;
if (sinkKind === "memory") {
  const { memorySink } = await import("@exhook/sink-memory");
  sink = memorySink();
} else if (sinkKind === "mqtt") {
  const { mqttSink } = await import("@exhook/sink-mqtt");
  sink = mqttSink({ url: process.env.BENCH_MQTT_URL });
}
if (sink !== undefined) {
  // TODO(exhook API): the route call; every published message goes to the sink, off the hot path.
  if (typeof app.route !== "function") throw new Error("API mismatch: app.route is not a function");
  app.route("message.publish", sink);
}

// The harness asks for counters (drops above all) with SIGUSR2 once the measurements are done.
process.on("SIGUSR2", () => {
  // TODO(exhook API): where the sink and the app expose their counters.
  const stats = { qos1, sink: sink?.stats?.() ?? null, app: app.stats() };
  process.stdout.write(
    `BENCH_STATS ${JSON.stringify(stats, (_k, v) => (typeof v === "bigint" ? Number(v) : v))}\n`,
  );
});

await app.listen({ port: Number(process.env.EXHOOK_PORT), host: "127.0.0.1" });
