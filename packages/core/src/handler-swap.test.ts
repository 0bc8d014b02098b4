// replaceHandlers over a real gRPC connection: one client sees the new handlers at once, a call in flight
// finishes on the old ones, groups keep their state, and a refused swap changes nothing.
import { afterEach, describe, expect, it } from "vitest";
import { createExhook, type Exhook, type ExhookOptions } from "./app.js";
import { stopWith } from "./decision.js";
import { silentLogger } from "./logger.js";
import type { Sink } from "./sink/sink.js";
import { clientinfo, connect, type HookClient, meta } from "./test-support/exhook-client.js";

let app: Exhook | undefined;
let client: HookClient | undefined;
afterEach(async () => {
  client?.close();
  await app?.close({ deadlineMs: 500 });
});

async function serve(setup: (app: Exhook) => void): Promise<{ app: Exhook; client: HookClient }> {
  app = createExhook({ logger: silentLogger });
  setup(app);
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  client = connect(`127.0.0.1:${port}`, "v2");
  return { app, client };
}

function staged(setup: (app: Exhook) => void, options: ExhookOptions = {}): Exhook {
  const next = createExhook({ logger: silentLogger, ...options });
  setup(next);
  return next;
}

const authorize = (c: HookClient, topic: string) =>
  c.call("OnClientAuthorize", { clientinfo: clientinfo("u"), type: "PUBLISH", topic, result: false, meta });
const loaded = { broker: { version: "5.8.9", sysdescr: "EMQX", uptime: "1", datetime: "now" }, meta };

describe("replaceHandlers", () => {
  it("answers the next call on the same connection with the new handlers", async () => {
    const { app, client } = await serve((a) => a.authorize({ group: "acl" }, () => stopWith(true)));
    expect(await authorize(client, "t")).toMatchObject({ bool_result: true });
    app.replaceHandlers(staged((a) => a.authorize({ group: "acl" }, () => stopWith(false))));
    expect(await authorize(client, "t")).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false });
    // Counters of a group that stays go on across the swap.
    expect(app.stats().groups["acl"]?.["client.authorize"]?.calls).toBe(2);
  });

  it("lets a call in flight finish on the old handlers", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = false;
    const { app, client } = await serve((a) =>
      a.authorize(async () => {
        entered = true;
        await gate;
        return stopWith(true);
      }),
    );
    const inFlight = authorize(client, "slow");
    for (let i = 0; i < 500 && !entered; i++) await new Promise((r) => setTimeout(r, 10));
    expect(entered).toBe(true);
    app.replaceHandlers(staged((a) => a.authorize(() => stopWith(false))));
    expect(await authorize(client, "fast")).toMatchObject({ bool_result: false });
    release();
    expect(await inFlight).toMatchObject({ type: "STOP_AND_RETURN", bool_result: true });
  });

  it("offers the new hooks and filters, keeps a disabled group disabled, drops groups with no handler", async () => {
    const { app, client } = await serve((a) => {
      a.authorize({ group: "acl" }, () => stopWith(false));
      a.on("client.connected", { group: "audit" }, () => {});
    });
    app.drivers.disable("acl");
    const swap = app.replaceHandlers(
      staged((a) => {
        a.authorize({ group: "acl" }, () => stopWith(false));
        a.publish({ group: "rewrite", topics: ["a/#"] }, () => undefined);
      }),
    );
    expect(swap).toEqual({ added: ["rewrite"], removed: ["audit"] });
    expect((await client.call("OnProviderLoaded", loaded)).hooks).toEqual([
      { name: "client.authorize", topics: [] },
      { name: "message.publish", topics: ["a/#"] },
    ]);
    expect(app.drivers.list().map((d) => [d.name, d.enabled])).toEqual([
      ["acl", false],
      ["rewrite", true],
    ]);
    // The disabled group passes, as before the swap: the broker gets IGNORE.
    expect((await authorize(client, "t")).type).toBe("IGNORE");
  });

  it("takes the offer mode and hook policies of the new app", async () => {
    const { app, client } = await serve((a) => a.authorize(() => undefined));
    app.replaceHandlers(staged((a) => a.authorize(() => undefined), { offer: "all" }));
    const offered = (await client.call("OnProviderLoaded", loaded)).hooks as { name: string }[];
    expect(offered.length).toBeGreaterThan(10);
    app.replaceHandlers(staged(() => {}));
    expect((await client.call("OnProviderLoaded", loaded)).hooks).toEqual([]);
    expect(app.hasHandlers("client.authorize")).toBe(false);
    expect((await authorize(client, "t")).type).toBe("IGNORE");
  });

  it("refuses, changing nothing, when a new group would take a sink's name", async () => {
    const { app, client } = await serve((a) => a.authorize({ group: "acl" }, () => stopWith(true)));
    const quiet: Sink = {
      async open() {},
      async collect() {},
      async close() {},
    };
    await app.sink("store", quiet, {});
    const next = staged((a) => {
      a.authorize({ group: "acl" }, () => stopWith(false));
      a.on("client.connected", { group: "store" }, () => {});
    });
    expect(() => app.replaceHandlers(next)).toThrow(/"store" already exists/);
    expect(await authorize(client, "t")).toMatchObject({ bool_result: true });
    expect(app.drivers.list().map((d) => d.name)).toEqual(["acl", "store"]);
  });
});
