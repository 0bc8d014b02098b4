// Sinks get a copy of the routed hook events, off the hooks' critical path: a slow sink never slows EMQX.
import { SinkRuntime } from "@exhook/core";
// exhook:sink-packages

/** @param {import("@exhook/core").Exhook} app */
export async function addSinks(app) {
  // Each sink is also a driver of the app: listed with its counters, and can be disabled at runtime.
  const sinks = new SinkRuntime({ logger: app.logger, drivers: app.drivers });
  // exhook:sink-add
  sinks.addRoute({
    hooks: ["client.connected", "client.disconnected", "message.publish"],
    // Topic filters apply to message.* hooks only; none means every topic.
    topics: ["sensors/#"],
    sinks: [], // exhook:sink-names
  });
  app.useSinks(sinks);
}
