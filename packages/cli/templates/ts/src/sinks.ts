// Sinks get a copy of the routed hook events, off the hooks' critical path: a slow sink never slows EMQX.
import type { Exhook } from "@exhook/core";
// exhook:sink-packages

export async function addSinks(app: Exhook): Promise<void> {
  // Each sink is also a driver of the app: listed with its counters, and can be disabled at runtime.
  // exhook:sink-add
  // Two routes, because topic filters apply to message.* hooks only: every client's connections...
  app.route({ hooks: ["client.connected", "client.disconnected"], sinks: [] }); // exhook:sink-names
  // ...and the messages clients publish on sensors/#: matched as published, before app's handler moves them
  // to readings/… (a record's `topic` is readings/…, its `publishedTopic` sensors/…).
  app.route({ hooks: ["message.publish"], topics: ["sensors/#"], sinks: [] }); // exhook:sink-names
}
