// The reference demo server: EMQX's own ExHook demo contract, written with the public API.
import {
  continueWith,
  createExhook,
  denyPublish,
  type Exhook,
  type ExhookOptions,
  stopWith,
} from "@exhook/core";

/** Builds the demo app; `main.ts` starts it. */
export function createDemo(options: ExhookOptions = {}): Exhook {
  // Every hook of the caller's version is offered, without topic filters, as EMQX's demo does.
  const app = createExhook({ offer: "all", ...options });

  const decideByUsername = (username: string) => {
    if (username === "baduser") return stopWith(false);
    if (username === "gooduser") return stopWith(true);
    if (username === "normaluser") return continueWith(true);
    return undefined; // anyone else: IGNORE, the broker decides
  };
  app.authenticate((event) => decideByUsername(event.clientinfo.username));
  app.authorize((event) => decideByUsername(event.clientinfo.username));

  app.publish((event) => {
    const { message } = event;
    if (message.headers["username"] === "baduser") return denyPublish(message);
    if (message.topic.startsWith("rewrite/")) {
      return continueWith({ topic: `rewritten/${message.topic.slice("rewrite/".length)}` });
    }
    return undefined;
  });

  return app;
}
