// Sinks get a copy of the routed hook events, off the hooks' critical path: a slow sink never slows EMQX.
// exhook:sink-packages

/** @param {import("@exhook/core").Exhook} app */
export async function addSinks(app) {
  // Each sink is also a driver of the app: listed with its counters, and can be disabled at runtime.
  // exhook:sink-add
  // Two routes, because topic filters apply to message.* hooks only: every client's connections...
  app.route({ hooks: ["client.connected", "client.disconnected"], sinks: [] }); // exhook:sink-names
  // ...and the messages published on sensors/#.
  app.route({ hooks: ["message.publish"], topics: ["sensors/#"], sinks: [] }); // exhook:sink-names
}
