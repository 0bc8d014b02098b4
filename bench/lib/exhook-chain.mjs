// Describes an exhook chain server (3 handlers on message.publish, optionally one sink route) for bench/servers/.
import { mkdtempSync } from "node:fs";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../exhook/chain-server.mjs", import.meta.url));

// The sink definitions the chain server imports; keep in step with exhook/chain-server.mjs.
const sinkExports = {
  memory: ["@exhook/sink-memory", "sink"],
  mqtt: ["@exhook/sink-mqtt", "sink"],
};

async function missingExport(pkg, name) {
  try {
    const module = await import(pkg);
    return module[name] !== undefined ? undefined : `${pkg} has no ${name} export yet`;
  } catch (error) {
    return `${pkg} does not load (${error.code ?? error.message})`;
  }
}

const brokerUrl = { live: "liveBrokerUrl", slow: "slowBrokerUrl", dead: "deadBrokerUrl" };

/**
 * sink: "none" | "memory" | "mqtt"; broker: "live" | "slow" | "dead" for the mqtt sink;
 * buffer: "memory" (default) | "disk" (a fresh directory under the run's temp dir).
 */
export function chainServer({ id, label, order, sink, broker, buffer = "memory" }) {
  return {
    id,
    label,
    role: "exhook",
    order,
    scenarios: ["publish"],
    demoContract: false,
    stats: true,
    async prepare(ctx) {
      const missing =
        (await missingExport("@exhook/core", "createExhook")) ??
        (sink === "none" ? undefined : await missingExport(...sinkExports[sink]));
      if (missing) return { skip: `not built: ${missing}` };
      const env = { BENCH_SINK: sink, BENCH_SINK_BUFFER: buffer };
      if (sink === "mqtt") env.BENCH_MQTT_URL = ctx[brokerUrl[broker]];
      if (buffer === "disk") env.BENCH_BUFFER_DIR = mkdtempSync(`${ctx.tmpDir}/${id}-`);
      return { command: process.execPath, args: [script], env };
    },
  };
}
