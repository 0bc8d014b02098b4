// Compile-time guarantees of the public API, checked by `pnpm typecheck` (each @ts-expect-error must
// stay an error) and kept honest at run time by registering every handler on a real app.
import { expect, expectTypeOf, it } from "vitest";
import { createExhook } from "./app.js";
import { continueWith, denyPublish, stopWith } from "./decision.js";
import type { HookEvents, Message } from "./events.js";

it("types each hook's handlers by what the broker reads back", () => {
  const app = createExhook();
  app.authenticate(() => stopWith(true));
  app.authenticate(async (event) => (event.clientinfo.username === "" ? stopWith(false) : undefined));
  // @ts-expect-error an authenticate handler cannot decide with a message
  app.authenticate(() => continueWith({ topic: "t" }));
  app.authorize((event) => continueWith(event.action === "subscribe"));
  // @ts-expect-error an authorize handler cannot decide with a string
  app.authorize(() => stopWith("yes"));
  app.publish((event) => continueWith({ topic: `${event.message.topic}/x`, payload: "text" }));
  app.publish((event) => denyPublish(event.message));
  // @ts-expect-error a publish handler cannot decide with a bool
  app.publish(() => stopWith(false));
  // @ts-expect-error a publish rewrite cannot set qos to a string
  app.publish(() => continueWith({ qos: "1" }));
  app.on("message.delivered", { topics: ["a/#"] }, (event) => {
    expectTypeOf(event.message).toEqualTypeOf<Message>();
  });
  // @ts-expect-error topic filters are for message hooks only
  expect(() => app.on("client.connected", { topics: ["a/#"] }, () => {})).toThrow(/message\.\* hooks only/);
  // @ts-expect-error a notification handler returns nothing
  app.on("client.connected", () => stopWith(true));
  // @ts-expect-error no such hook
  expect(() => app.on("client.connect_typo", () => {})).toThrow(/no such hook/);
  expectTypeOf<HookEvents["client.authorize"]["action"]>().toEqualTypeOf<"publish" | "subscribe">();
  expect(app.hasHandlers("client.authenticate")).toBe(true);
  expect(app.offeredHooks("v1").map((h) => h.name)).toContain("client.check_acl");
});
