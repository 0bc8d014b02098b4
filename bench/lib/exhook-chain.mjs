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
 * measurement (the sink rows). The queue keeps its default bound (1000, drop-newest): a sink slower than the
 * hook calls delivers at its own pace with the rest counted as dropped, and what it still holds after a
 * measurement drains in moments, so it does not take the shared core from the servers measured next.
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
      // One name per row (a table, a stream, a queue of its own): two rows never drop each other's target.
      const env = {
        BENCH_SINK: sink,
        BENCH_SINK_BUFFER: buffer,
        BENCH_RUN_ID: `${ctx.runId}_${id}`.replace(/\W/g, "_"),
      };
      if (batch !== undefined) env.BENCH_SINK_BATCH = String(batch);
      if (sink === "mqtt") env.BENCH_MQTT_URL = ctx[brokerUrl[broker]];
      if (buffer === "disk") env.BENCH_BUFFER_DIR = mkdtempSync(`${ctx.tmpDir}/${id}-`);
      return { command: process.execPath, args: [script], env };
    },
  };
}
