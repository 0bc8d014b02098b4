// The embedded config `pnpm start` runs with when no file is given: everything to the log, nothing decided.
import type { RawConfig } from "./config-read.js";

/**
 * Memory and log sinks; every lifecycle and message hook routed to the log at info. Authentication and
 * authorization are not offered at all, so the broker decides them alone (offering them and answering
 * IGNORE would make EMQX 5.0–5.8 reject every client).
 */
export function defaultConfig(): RawConfig {
  return {
    sinks: {
      // The log sink waits for each batch to be written (bounded memory behind a slow stdout). One line per
      // write dropped half the lines at 9k calls/s into a pipe that kept up (8x16, measured); batches of up
      // to 256 dropped 1%. With no linger, a quiet server still writes each line at once.
      log: { type: "log", level: "info", options: { batchSize: 256 } },
      memory: { type: "memory" },
    },
    routes: [
      {
        hooks: [
          "client.connect",
          "client.connack",
          "client.connected",
          "client.disconnected",
          "client.subscribe",
          "client.unsubscribe",
          "session.*",
          "message.*",
        ],
        sinks: ["log", "memory"],
      },
    ],
  };
}
