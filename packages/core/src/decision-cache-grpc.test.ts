// The decision cache over a real gRPC connection: a hit answers without the handler, a decision expires,
// a clear forgets it, and a handler's failure (throw or timeout) is never kept.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createExhook, type Exhook, type ExhookOptions } from "./app.js";
import { stopWith } from "./decision.js";
import { silentLogger } from "./logger.js";
import { clientinfo, connect, type HookClient, meta } from "./test-support/exhook-client.js";

let app: Exhook | undefined;
let client: HookClient | undefined;
afterEach(async () => {
  client?.close();
  await app?.close({ deadlineMs: 500 });
});

async function serve(
  setup: (app: Exhook) => void,
  options: ExhookOptions = {},
): Promise<{ app: Exhook; client: HookClient }> {
  app = createExhook({ logger: silentLogger, ...options });
  setup(app);
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  client = connect(`127.0.0.1:${port}`, "v2");
  return { app, client };
}

const authorize = (c: HookClient, topic: string, clientid = "c1") =>
  c.call("OnClientAuthorize", {
    clientinfo: clientinfo("u", clientid),
    type: "PUBLISH",
    topic,
    result: false,
    meta,
  });
const authenticate = (c: HookClient, password: string) =>
  c.call("OnClientAuthenticate", { clientinfo: { ...clientinfo("u"), password }, result: false, meta });

describe("decision cache over gRPC", () => {
  it("answers a repeated request from the cache without calling the handler", async () => {
    const seen: string[] = [];
    const { app, client } = await serve((a) =>
      a.authorize({ group: "acl", cache: { ttlMs: 60_000 } }, async (e) => {
        seen.push(e.topic);
        return stopWith(e.topic.startsWith("ok/"));
      }),
    );
    expect(await authorize(client, "ok/1")).toMatchObject({ bool_result: true });
    expect(await authorize(client, "ok/1")).toMatchObject({ bool_result: true });
    expect(await authorize(client, "no/1")).toMatchObject({ bool_result: false });
    expect(await authorize(client, "no/1")).toMatchObject({ bool_result: false });
    expect(await authorize(client, "ok/1", "c2")).toMatchObject({ bool_result: true });
    expect(seen).toEqual(["ok/1", "no/1", "ok/1"]);
    expect(app.stats().caches).toEqual({
      acl: { "client.authorize": { hits: 2, misses: 3, evictions: 0, expired: 0, entries: 3 } },
    });
    expect(app.drivers.get("acl")!.describe().detail).toMatchObject({
      cache: { "client.authorize": { hits: 2, misses: 3 } },
    });
  });

  it("asks the handler again once the TTL is over", async () => {
    let calls = 0;
    const { client } = await serve((a) =>
      a.authorize({ cache: { ttlMs: 30 } }, () => {
        calls++;
        return stopWith(true);
      }),
    );
    await authorize(client, "t");
    await vi.waitFor(
      async () => {
        await authorize(client, "t");
        expect(calls).toBeGreaterThanOrEqual(2);
      },
      { timeout: 10_000, interval: 50 },
    );
  });

  it("forgets a group's decisions on clearDecisionCache, and the handler's new answer is used", async () => {
    let allowed = true;
    let calls = 0;
    const { app, client } = await serve((a) => {
      a.authenticate({ group: "authn", cache: { ttlMs: 60_000 } }, () => {
        calls++;
        return stopWith(allowed);
      });
      a.authorize({ group: "acl", cache: { ttlMs: 60_000 } }, () => stopWith(true));
    });
    expect(await authenticate(client, "pw")).toMatchObject({ bool_result: true });
    await authorize(client, "t");
    allowed = false; // the password was revoked in the database
    expect(await authenticate(client, "pw")).toMatchObject({ bool_result: true });
    expect(app.clearDecisionCache("authn")).toBe(1);
    expect(await authenticate(client, "pw")).toMatchObject({ bool_result: false });
    expect(calls).toBe(2);
    expect(app.stats().caches.acl?.["client.authorize"]?.entries).toBe(1);
    expect(app.clearDecisionCache()).toBe(2);
    expect(() => app.clearDecisionCache("nope")).toThrow(/no driver named "nope"/);
  });

  it("never keeps a throwing handler's denial", async () => {
    let calls = 0;
    const { client } = await serve((a) =>
      a.authorize({ cache: { ttlMs: 60_000 } }, () => {
        calls++;
        if (calls === 1) throw new Error("database unreachable");
        return stopWith(true);
      }),
    );
    // fail-closed: the broker is told no, and that answer is not the handler's decision
    expect(await authorize(client, "t")).toMatchObject({ bool_result: false });
    expect(await authorize(client, "t")).toMatchObject({ bool_result: true });
    expect(await authorize(client, "t")).toMatchObject({ bool_result: true });
    expect(calls).toBe(2);
  });

  it("never keeps the decision of a handler that overran its deadline", async () => {
    let calls = 0;
    let release: (() => void) | undefined;
    const { app, client } = await serve(
      (a) =>
        a.authorize({ cache: { ttlMs: 60_000 } }, async () => {
          calls++;
          if (calls === 1) await new Promise<void>((r) => (release = r));
          return stopWith(true);
        }),
      { hooks: { "client.authorize": { timeoutMs: 100 } } },
    );
    expect(await authorize(client, "t")).toMatchObject({ bool_result: false });
    release!(); // the late decision arrives after the call was answered by the failure policy
    await vi.waitFor(() => expect(app.stats().hooks["client.authorize"]?.timedOut).toBe(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(app.stats().caches.default?.["client.authorize"]?.entries).toBe(0);
    expect(await authorize(client, "t")).toMatchObject({ bool_result: true });
    expect(calls).toBe(2);
  });

  it("refuses a cache on a hook that has no decision to keep", () => {
    const a = createExhook({ logger: silentLogger });
    expect(() => a.on("message.publish", { cache: { ttlMs: 1000 } } as never, () => undefined)).toThrow(
      /client.authenticate and client.authorize only/,
    );
  });

  it("a handler swap starts the new handlers with empty caches and keeps the group's counters", async () => {
    let calls = 0;
    const { app, client } = await serve((a) =>
      a.authorize({ group: "acl", cache: { ttlMs: 60_000 } }, () => stopWith(true)),
    );
    await authorize(client, "t");
    await authorize(client, "t");
    const next = createExhook({ logger: silentLogger });
    next.authorize({ group: "acl", cache: { ttlMs: 60_000 } }, () => {
      calls++;
      return stopWith(false);
    });
    app.replaceHandlers(next);
    expect(await authorize(client, "t")).toMatchObject({ bool_result: false });
    expect(await authorize(client, "t")).toMatchObject({ bool_result: false });
    expect(calls).toBe(1);
    expect(app.stats().caches.acl?.["client.authorize"]).toMatchObject({ hits: 2, misses: 2, entries: 1 });
  });
});
