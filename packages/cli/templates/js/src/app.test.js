// Plays EMQX against the hook server over a real socket, with the fake broker of @exhook/testkit.
import { createFakeBroker } from "@exhook/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "./app.js";

/** @type {import("@exhook/core").Exhook | undefined} */
let app;
/** @type {string} */
let url;
beforeAll(async () => {
  app = await createApp();
  ({ url } = await app.listen({ port: 0, host: "127.0.0.1" }));
});
// No app when createApp() threw: its error, reported by beforeAll, is the one to read.
afterAll(() => app?.close());

/** @type {import("@exhook/testkit").FakeBroker} */
let broker;
beforeEach(async () => {
  // "v2" speaks like EMQX 5.0–5.8; use "v3" for EMQX 5.9+ and "v1" for EMQX 4.4.
  broker = createFakeBroker({ url, version: "v2" });
  await broker.load();
});
afterEach(() => broker.close());

describe("the hook server", () => {
  it("lets admin in even when EMQX's authenticators would not", async () => {
    const admin = broker.client({ clientid: "admin-1", username: "admin", authResult: false });
    expect((await admin.connect()).authenticated).toBe(true);
  });

  it("leaves other users to EMQX's authenticators", async () => {
    const mallory = broker.client({ clientid: "mallory-1", username: "mallory", authResult: false });
    expect((await mallory.connect()).authenticated).toBe(false);
    const alice = broker.client({ clientid: "alice-1", username: "alice", authResult: true });
    expect((await alice.connect()).authenticated).toBe(true);
  });

  it("keeps other users away from admin/ topics", async () => {
    // authResult: what EMQX's own authenticators decided before asking the hook server.
    const alice = broker.client({ clientid: "alice-1", username: "alice", authResult: true });
    await alice.connect();
    expect((await alice.subscribe("admin/#")).allowed).toBe(false);
    expect((await alice.subscribe("news/#")).allowed).toBe(true);
  });

  it("moves sensor readings to readings/ and drops empty ones", async () => {
    const sensor = broker.client({ clientid: "sensor-1", username: "sensor", authResult: true });
    await sensor.connect();
    expect((await sensor.publish("sensors/room1", "21.5")).message.topic).toBe("readings/room1");
    expect((await sensor.publish("sensors/room1", "")).allowed).toBe(false);
  });
});
