// Describes an exhook chain server (3 handlers on message.publish, optionally one sink route) for bench/servers/.
import { mkdtempSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../exhook/chain-server.mjs", import.meta.url));
const targetsDir = new URL("../exhook/sinks/", import.meta.url);

/** The sink targets of bench/exhook/sinks/, by name (the file name without .mjs). */
export function sinkTargets() {
  return readdirSync(targetsDir)
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => file.slice(0, -".mjs".length))
    .sort();
}

async function missingSink(name) {
  let pkg;
  try {
    ({ pkg } = await import(new URL(`${name}.mjs`, targetsDir).href));
    const module = await import(pkg);
    return module.sink !== undefined ? undefined : `${pkg} has no sink export yet`;
  } catch (error) {
    return `${pkg ?? name} does not load (${error.code ?? error.message})`;
  }
}

async function missingCore() {
  try {
    const core = await import("@exhook/core");
    return core.createExhook !== undefined ? undefined : "@exhook/core has no createExhook yet";
  } catch (error) {
    return `@exhook/core does not load (${error.code ?? error.message})`;
  }
}

const brokerUrl = { live: "liveBrokerUrl", slow: "slowBrokerUrl", dead: "deadBrokerUrl" };

/**
 * sink: "none" or a target of bench/exhook/sinks/; broker: "live" | "slow" | "dead" for the mqtt sink;
 * buffer: "memory" (default) | "disk" (a fresh directory under the run's temp dir); batch: the sink's
 * batchSize (its default when absent); deliveryRate: read the sink's delivered records around every
 * measurement (the sink rows).
 */
export function chainServer({
  id,
  label,
  order,
  sink,
  broker,
  buffer = "memory",
  batch,
  deliveryRate = false,
}) {
  return {
    id,
    label,
    role: "exhook",
    order,
    scenarios: ["publish"],
    ...(deliveryRate ? { loads: ["8x16"], deliveryRate: true } : {}),
    demoContract: false,
    stats: true,
    async prepare(ctx) {
      const missing = (await missingCore()) ?? (sink === "none" ? undefined : await missingSink(sink));
      if (missing) return { skip: `not built: ${missing}` };
      const env = { BENCH_SINK: sink, BENCH_SINK_BUFFER: buffer, BENCH_RUN_ID: ctx.runId };
      if (batch !== undefined) env.BENCH_SINK_BATCH = String(batch);
      // The sink rows measure delivery, not the queue's limit: room for the records of a whole cell.
      if (deliveryRate) env.BENCH_SINK_MAX_QUEUE = "100000";
      if (sink === "mqtt") env.BENCH_MQTT_URL = ctx[brokerUrl[broker]];
      if (buffer === "disk") env.BENCH_BUFFER_DIR = mkdtempSync(`${ctx.tmpDir}/${id}-`);
      return { command: process.execPath, args: [script], env };
    },
  };
}
