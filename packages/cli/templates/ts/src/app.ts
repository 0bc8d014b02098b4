// The hook server: what to decide on each EMQX hook. server.ts serves it; app.test.ts plays a broker against it.
import { continueWith, createConsoleLogger, createExhook, denyPublish, type Exhook, stopWith } from "@exhook/core";
// exhook:sink-imports

export async function createApp(): Promise<Exhook> {
  const app = createExhook({ logger: createConsoleLogger("info") });

  // Lets "admin" in; everyone else keeps the result of EMQX's own authenticators. (Passing, by returning
  // nothing, would do the same on EMQX 5.9+, but EMQX 5.0–5.8 refuses a client that no server answered.)
  app.authenticate((event) =>
    event.clientinfo.username === "admin" ? stopWith(true) : continueWith(event.result),
  );

  // Keeps everyone but "admin" away from admin/ topics, for publish and subscribe alike.
  app.authorize((event) =>
    event.topic.startsWith("admin/") && event.clientinfo.username !== "admin" ? stopWith(false) : undefined,
  );

  // Sensor readings: empty ones are dropped, the rest move from sensors/… to readings/….
  app.publish({ topics: ["sensors/#"] }, (event) => {
    const { message } = event;
    if (message.payload.length === 0) return denyPublish(message);
    return continueWith({ topic: `readings/${message.topic.slice("sensors/".length)}` });
  });

  // Notification hooks can't change anything: they are for logging, metrics and side effects.
  app.on("client.connected", (event, ctx) => {
    ctx.logger.info({ clientid: event.clientinfo.clientid }, "connected");
  });

  // exhook:sink-setup
  return app;
}
