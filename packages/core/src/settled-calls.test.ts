import { afterEach, describe, expect, it } from "vitest";
import { createExhook, type Exhook } from "./app.js";
import { continueWith, denyPublish, stopWith } from "./decision.js";
import { silentLogger } from "./logger.js";
import type { SettledCall } from "./settled-calls.js";
import { clientinfo, connect, type HookClient, message, meta } from "./test-support/exhook-client.js";

const running: { app: Exhook; client: HookClient }[] = [];

async function start(setup: (app: Exhook) => void): Promise<{ app: Exhook; client: HookClient }> {
  const app = createExhook({ logger: silentLogger });
  setup(app);
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  const client = connect(`127.0.0.1:${port}`, "v2");
  running.push({ app, client });
  return { app, client };
}

afterEach(async () => {
  for (const { app, client } of running.splice(0)) {
    client.close();
    await app.close({ deadlineMs: 1000 });
  }
});

const authenticate = (client: HookClient, username: string, clientid: string) =>
  client.call("OnClientAuthenticate", { clientinfo: clientinfo(username, clientid), result: false, meta });

describe("observing settled calls", () => {
  it("tells a listener each answered call: hook, clientid, topic, decision, no password", async () => {
    const { app, client } = await start((a) => {
      a.authenticate((event) => (event.clientinfo.username === "bad" ? stopWith(false) : stopWith(true)));
      a.publish(async (event) =>
        event.message.topic === "deny/me" ? denyPublish(event.message) : undefined,
      );
      a.authorize(() => continueWith(true));
    });
    const seen: SettledCall[] = [];
    app.observe((call) => seen.push(call));

    await authenticate(client, "good", "c-good");
    await authenticate(client, "bad", "c-bad");
    await client.call("OnMessagePublish", { message: message("deny/me"), meta });
    await client.call("OnMessagePublish", { message: message("pass/me"), meta });
    await client.call("OnClientAuthorize", {
      clientinfo: clientinfo("good", "c-sub"),
      type: "SUBSCRIBE",
      topic: "t/#",
      result: true,
      meta,
    });
    await client.call("OnSessionCreated", { clientinfo: clientinfo("good", "c-new"), meta });

    expect(seen.map((c) => [c.hook, c.clientid, c.topic, c.decision])).toEqual([
      ["client.authenticate", "c-good", "", "stop-true"],
      ["client.authenticate", "c-bad", "", "stop-false"],
      ["message.publish", "c1", "deny/me", "stop-false"],
      ["message.publish", "c1", "pass/me", "ignore"],
      ["client.authorize", "c-sub", "t/#", "continue"],
      ["session.created", "c-new", "", "none"],
    ]);
    for (const call of seen) {
      expect(call.version).toBe("v2");
      expect(call.latencyMs).toBeGreaterThanOrEqual(0);
      expect(call.error).toBe(false);
      expect(JSON.stringify(call)).not.toContain("secret");
    }
  });

  it("stops telling after unsubscribe, and drops a listener that throws without failing the call", async () => {
    const { app, client } = await start((a) => a.authenticate(() => stopWith(true)));
    const seen: string[] = [];
    const stop = app.observe((call) => seen.push(call.clientid));
    app.observe(() => {
      throw new Error("a broken view");
    });
    expect(await authenticate(client, "u", "one")).toMatchObject({ type: "STOP_AND_RETURN" });
    stop();
    expect(await authenticate(client, "u", "two")).toMatchObject({ type: "STOP_AND_RETURN" });
    expect(seen).toEqual(["one"]);
  });
});

describe("decision counts", () => {
  it("counts stop true/false, continue and ignore per valued hook, with or without a listener", async () => {
    const { app, client } = await start((a) => {
      a.authenticate((event) => {
        const name = event.clientinfo.username;
        if (name === "bad") return stopWith(false);
        if (name === "good") return stopWith(true);
        if (name === "normal") return continueWith(true);
        return undefined;
      });
    });
    for (const name of ["bad", "good", "good", "normal", "other", "other", "other"]) {
      await authenticate(client, name, `c-${name}`);
    }
    // A hook nobody handles answers IGNORE on the constant path: counted too.
    await client.call("OnClientAuthorize", {
      clientinfo: clientinfo("u"),
      type: "PUBLISH",
      topic: "t",
      result: true,
      meta,
    });
    const { decisions } = app.stats();
    expect(decisions["client.authenticate"]).toEqual({ stopTrue: 2, stopFalse: 1, continue: 1, ignore: 3 });
    expect(decisions["client.authorize"]).toEqual({ stopTrue: 0, stopFalse: 0, continue: 0, ignore: 1 });
    expect(decisions["session.created"]).toBeUndefined();
  });
});
