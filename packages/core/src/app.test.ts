import * as net from "node:net";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterEach, describe, expect, it } from "vitest";
import { createExhook, type Exhook, type ExhookOptions } from "./app.js";
import type { Handler } from "./chain.js";
import { continueWith, denyPublish, stopWith } from "./decision.js";
import { silentLogger } from "./logger.js";
import {
  clientinfo,
  connect,
  type HookClient,
  message,
  meta,
  type Version,
} from "./test-support/exhook-client.js";

const running: { app: Exhook; clients: HookClient[] }[] = [];

async function start(
  setup: (app: Exhook) => void,
  version: Version = "v2",
  options: ExhookOptions = {},
): Promise<{ app: Exhook; client: HookClient; as: (v: Version) => HookClient; port: number }> {
  const app = createExhook({ logger: silentLogger, ...options });
  setup(app);
  const { port } = await app.listen({ port: 0, host: "127.0.0.1" });
  const clients: HookClient[] = [];
  const as = (v: Version) => {
    const c = connect(`127.0.0.1:${port}`, v);
    clients.push(c);
    return c;
  };
  running.push({ app, clients });
  return { app, client: as(version), as, port };
}

afterEach(async () => {
  for (const { app, clients } of running.splice(0)) {
    for (const c of clients) c.close();
    await app.close({ deadlineMs: 1000 });
  }
});

const authenticate = (client: HookClient, username: string, rpc = "OnClientAuthenticate") =>
  client.call(rpc, { clientinfo: clientinfo(username), result: false, meta });

describe("the handler chain over gRPC", () => {
  it.each(["v1", "v2", "v3"] as const)("answers authenticate as the chain decides (%s)", async (version) => {
    const { client } = await start((app) => {
      app.authenticate((event) => {
        if (event.clientinfo.username === "baduser") return stopWith(false);
        if (event.clientinfo.username === "gooduser") return stopWith(true);
        if (event.clientinfo.username === "normaluser") return continueWith(true);
        return undefined;
      });
    }, version);
    expect(await authenticate(client, "baduser")).toMatchObject({
      type: "STOP_AND_RETURN",
      bool_result: false,
    });
    expect(await authenticate(client, "gooduser")).toMatchObject({
      type: "STOP_AND_RETURN",
      bool_result: true,
    });
    expect(await authenticate(client, "normaluser")).toMatchObject({ type: "CONTINUE", bool_result: true });
    const ignored = await authenticate(client, "someone");
    expect(ignored.type).toBe("IGNORE");
    expect(ignored.value).toBeUndefined();
  });

  it("serves v1, v2 and v3 on one port, with the v1 spelling of check_acl", async () => {
    const { as } = await start((app) =>
      app.authorize((event) => stopWith(event.action === "subscribe" && event.topic.startsWith("ok/"))),
    );
    const request = { clientinfo: clientinfo("u"), type: "SUBSCRIBE", topic: "ok/1", result: false, meta };
    expect(await as("v1").call("OnClientCheckAcl", request)).toMatchObject({ bool_result: true });
    expect(await as("v2").call("OnClientAuthorize", request)).toMatchObject({ bool_result: true });
    expect(await as("v3").call("OnClientAuthorize", { ...request, type: "PUBLISH" })).toMatchObject({
      type: "STOP_AND_RETURN",
      bool_result: false,
    });
  });

  it("passes the rewritten message down the chain and answers the whole message", async () => {
    const seen: string[] = [];
    const { client } = await start((app) => {
      app.publish((event) =>
        continueWith({ topic: event.message.topic.replace(/^rewrite\//, "rewritten/") }),
      );
      app.publish((event) => {
        seen.push(event.message.topic);
        return continueWith({ payload: `${new TextDecoder().decode(event.message.payload)}!` });
      });
      app.publish(() => undefined);
    });
    const answer = await client.call("OnMessagePublish", { message: message("rewrite/a/b"), meta });
    expect(seen).toEqual(["rewritten/a/b"]);
    expect(answer.type).toBe("CONTINUE");
    expect(answer.message).toMatchObject({
      topic: "rewritten/a/b",
      qos: 1,
      from: "c1",
      id: "0005F1A2B3C4D5E6",
      node: "emqx@127.0.0.1",
      headers: { username: "u1", protocol: "mqtt", peerhost: "127.0.0.1" },
    });
    expect(Buffer.from(answer.message.payload).toString()).toBe("hello!");
  });

  it("stops the chain when a handler stops, and higher priority runs first", async () => {
    const order: string[] = [];
    const { client } = await start((app) => {
      app.publish({ priority: 0 }, () => {
        order.push("late");
        return undefined;
      });
      app.publish({ priority: 10 }, (event) => {
        order.push("first");
        return event.message.headers["username"] === "baduser" ? denyPublish(event.message) : undefined;
      });
    });
    const answer = await client.call("OnMessagePublish", { message: message("t/1", "baduser"), meta });
    expect(order).toEqual(["first"]);
    expect(answer.type).toBe("STOP_AND_RETURN");
    expect(answer.message.headers.allow_publish).toBe("false");
    expect(answer.message.topic).toBe("t/1");
  });

  it("runs a handler only for messages matching its topic filters", async () => {
    const topics: string[] = [];
    const { client } = await start((app) =>
      app.on("message.delivered", { topics: ["sensors/+/temp", "$share/g/alerts/#"] }, (event) => {
        topics.push(event.message.topic);
      }),
    );
    for (const topic of ["sensors/1/temp", "sensors/1/hum", "alerts/x/y", "other"]) {
      await client.call("OnMessageDelivered", { clientinfo: clientinfo("u"), message: message(topic), meta });
    }
    expect(topics).toEqual(["sensors/1/temp", "alerts/x/y"]);
  });

  it("runs every notification handler even when one throws", async () => {
    const ran: string[] = [];
    const { app, client } = await start((app) => {
      app.on("client.connected", () => {
        ran.push("a");
        throw new Error("boom");
      });
      app.on("client.connected", { group: "audit" }, async () => {
        ran.push("b");
      });
    });
    expect(await client.call("OnClientConnected", { clientinfo: clientinfo("u"), meta })).toEqual({});
    expect(ran).toEqual(["a", "b"]);
    const stats = app.stats();
    expect(stats.hooks["client.connected"]).toMatchObject({ calls: 1, failed: 1 });
    expect(stats.groups["default"]?.["client.connected"]).toMatchObject({ calls: 1, failed: 1, ok: 0 });
    expect(stats.groups["audit"]?.["client.connected"]).toMatchObject({ calls: 1, ok: 1 });
    expect(app.statsText()).toContain("audit.client_connected 1");
  });

  it("passes when a handler group is disabled at runtime", async () => {
    const { app, client } = await start((app) => app.authenticate({ group: "authn" }, () => stopWith(true)));
    expect(await authenticate(client, "x")).toMatchObject({ bool_result: true });
    app.drivers.disable("authn");
    expect((await authenticate(client, "x")).type).toBe("IGNORE");
    expect(app.drivers.list().find((d) => d.name === "authn")).toMatchObject({
      kind: "handlers",
      enabled: false,
    });
    app.drivers.enable("authn");
    expect(await authenticate(client, "x")).toMatchObject({ bool_result: true });
  });
});

describe("failure policies", () => {
  it("denies authentication when a handler throws (fail-closed by default)", async () => {
    const { app, client } = await start((app) =>
      app.authenticate(() => {
        throw new Error("directory down");
      }),
    );
    expect(await authenticate(client, "x")).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false });
    expect(app.stats().hooks["client.authenticate"]).toMatchObject({ calls: 1, failed: 1 });
  });

  it("lets the message through unchanged when a publish handler rejects (fail-open by default)", async () => {
    const { client } = await start((app) => app.publish(async () => Promise.reject(new Error("nope"))));
    expect((await client.call("OnMessagePublish", { message: message("t"), meta })).type).toBe("IGNORE");
  });

  it("blocks the message when publish is configured fail-closed", async () => {
    const { client } = await start(
      (app) =>
        app.publish(() => {
          throw new Error("nope");
        }),
      "v3",
      { hooks: { "message.publish": { onFailure: "fail-closed" } } },
    );
    const answer = await client.call("OnMessagePublish", { message: message("t/x"), meta });
    expect(answer).toMatchObject({ type: "STOP_AND_RETURN", message: { topic: "t/x" } });
    expect(answer.message.headers).toMatchObject({ allow_publish: "false", username: "u1" });
  });

  it("answers by the hook's deadline when a handler hangs, and aborts its signal", async () => {
    let aborted = false;
    const { app, client } = await start(
      (app) =>
        app.authenticate(
          (_event, ctx) =>
            new Promise(() => {
              ctx.signal.addEventListener("abort", () => {
                aborted = true;
              });
            }),
        ),
      "v2",
      { hooks: { "client.authenticate": { timeoutMs: 150 } } },
    );
    expect(await authenticate(client, "x")).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false });
    expect(aborted).toBe(true);
    expect(app.stats().hooks["client.authenticate"]).toMatchObject({ timedOut: 1 });
  });

  it("answers before the call's own grpc-timeout when it is shorter than the hook budget", async () => {
    const { client } = await start((app) => app.publish(() => new Promise(() => {})));
    const answer = await client.call(
      "OnMessagePublish",
      { message: message("t"), meta },
      { deadlineMs: 400 },
    );
    expect(answer.type).toBe("IGNORE");
  });

  it("answers by the policy and counts the call when a thrown value cannot even be described", async () => {
    // An Error whose message getter throws: a logger that reads it (as pino's serializer does) throws too.
    const poisoned = () => {
      const error = new Error();
      Object.defineProperty(error, "message", {
        get() {
          throw new Error("message getter");
        },
      });
      return error;
    };
    const logged: unknown[] = [];
    const readingLogger = {
      ...silentLogger,
      warn(obj: object) {
        const err = (obj as { err: unknown }).err;
        logged.push(err instanceof Error ? err.message : err);
      },
    };
    const { app, client } = await start(
      (app) => {
        app.authenticate(() => {
          throw poisoned();
        });
        app.authorize(async () => Promise.reject(poisoned()));
        app.publish(() => {
          throw poisoned();
        });
      },
      "v2",
      { logger: readingLogger },
    );
    expect(await authenticate(client, "x")).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false });
    const authorize = { clientinfo: clientinfo("u"), type: "PUBLISH", topic: "t", result: true, meta };
    expect(await client.call("OnClientAuthorize", authorize)).toMatchObject({
      type: "STOP_AND_RETURN",
      bool_result: false,
    });
    expect((await client.call("OnMessagePublish", { message: message("t"), meta })).type).toBe("IGNORE");
    const hooks = app.stats().hooks;
    for (const hook of ["client.authenticate", "client.authorize", "message.publish"] as const)
      expect(hooks[hook]).toMatchObject({ calls: 1, failed: 1 });
    // The second try logged a description instead of the value.
    expect(logged).toEqual(Array(3).fill("a thrown [object Error] that cannot be described"));
  });

  it("says what a JavaScript handler returned instead of a decision, and what to return", async () => {
    const errors: string[] = [];
    const { client } = await start(
      (app) => app.authenticate((() => true) as unknown as Handler<"client.authenticate">),
      "v2",
      {
        logger: {
          ...silentLogger,
          warn: (obj: object) => errors.push(String((obj as { err: Error }).err.message)),
        },
      },
    );
    expect(await authenticate(client, "x")).toMatchObject({ type: "STOP_AND_RETURN", bool_result: false });
    expect(errors).toEqual([
      "a client.authenticate handler returned the boolean true, which is not a decision: return stopWith(true) or continueWith(true), or nothing to pass",
    ]);
  });

  it("treats a decision of the wrong kind as a failure", async () => {
    const { client } = await start((app) =>
      // A JavaScript user returning a boolean where a message is due.
      app.publish((() => stopWith(true)) as unknown as Handler<"message.publish">),
    );
    expect((await client.call("OnMessagePublish", { message: message("t"), meta })).type).toBe("IGNORE");
  });

  it("treats a publish rewrite with ill-typed fields as a failure, by the hook's policy", async () => {
    const { client } = await start(
      (app) => {
        // JavaScript users: a number payload, a string qos, a header that is not a string.
        app.publish({ topics: ["a"] }, (() =>
          continueWith({ payload: 5 })) as unknown as Handler<"message.publish">);
        app.publish({ topics: ["b"] }, (() =>
          continueWith({ qos: "1" })) as unknown as Handler<"message.publish">);
        app.publish({ topics: ["c"] }, (() =>
          continueWith({ headers: { allow_publish: false } })) as unknown as Handler<"message.publish">);
      },
      "v2",
      { hooks: { "message.publish": { onFailure: "fail-closed" } } },
    );
    for (const topic of ["a", "b", "c"]) {
      const answer = await client.call("OnMessagePublish", { message: message(topic), meta });
      expect(answer).toMatchObject({ type: "STOP_AND_RETURN", message: { topic } });
      expect(answer.message.headers.allow_publish).toBe("false");
    }
  });
});

describe("OnProviderLoaded", () => {
  it("offers only hooks with handlers, in the caller's names, with the union of topic filters", async () => {
    const { as } = await start((app) => {
      app.authorize(() => undefined);
      app.on("session.takenover", () => {});
      app.publish({ topics: ["a/#"] }, () => undefined);
      app.publish({ topics: ["b/+"] }, () => undefined);
      app.on("message.acked", { topics: ["x/#"] }, () => {});
      app.on("message.acked", () => {});
    });
    const loaded = {
      broker: { version: "4.4.19", sysdescr: "EMQX", uptime: "1 hour", datetime: "now" },
      meta,
    };
    const v1 = await as("v1").call("OnProviderLoaded", loaded);
    expect(v1.hooks.map((h: { name: string }) => h.name)).toEqual([
      "client.check_acl",
      "session.takeovered",
      "message.publish",
      "message.acked",
    ]);
    const v2 = await as("v2").call("OnProviderLoaded", {
      ...loaded,
      broker: { ...loaded.broker, uptime: "1000" },
    });
    expect(v2.hooks).toEqual([
      { name: "client.authorize", topics: [] },
      { name: "session.takenover", topics: [] },
      { name: "message.publish", topics: ["a/#", "b/+"] },
      { name: "message.acked", topics: [] },
    ]);
  });

  it("offers a handler's shared-subscription filter as the plain filter the broker can match", async () => {
    const { client } = await start((app) => {
      app.publish({ topics: ["$share/g/a/#", "$queue/b/+"] }, () => undefined);
      app.on("message.delivered", { topics: ["$share/g/a/#", "a/#"] }, () => {});
    });
    const loaded = await client.call("OnProviderLoaded", {
      broker: { version: "5.8.9", sysdescr: "EMQX", uptime: "1", datetime: "now" },
      meta,
    });
    expect(loaded.hooks).toEqual([
      { name: "message.publish", topics: ["a/#", "b/+"] },
      { name: "message.delivered", topics: ["a/#"] },
    ]);
  });

  it("counts one call per OnProviderLoaded, and gives its handlers a signal that outlives the answer", async () => {
    let abortedLater: boolean | undefined;
    const { app, client } = await start((app) =>
      app.on("provider.loaded", async (_event, ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        abortedLater = ctx.signal.aborted;
      }),
    );
    await client.call("OnProviderLoaded", {
      broker: { version: "5.8.9", sysdescr: "EMQX", uptime: "1", datetime: "now" },
      meta,
    });
    for (let i = 0; i < 100 && abortedLater === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(abortedLater).toBe(false);
    expect(app.stats().hooks["provider.loaded"]).toMatchObject({ calls: 1, ok: 1 });
  });

  it("offers all 19 hooks when asked to, and tells user code it was loaded", async () => {
    const brokers: string[] = [];
    const { client } = await start(
      (app) => app.on("provider.loaded", (event) => void brokers.push(event.broker.version)),
      "v2",
      { offer: "all" },
    );
    const loaded = await client.call("OnProviderLoaded", {
      broker: { version: "5.8.9", sysdescr: "EMQX", uptime: "123", datetime: "now" },
      meta,
    });
    expect(loaded.hooks).toHaveLength(19);
    expect(brokers).toEqual(["5.8.9"]);
  });
});

describe("the event model", () => {
  it("folds the 5.0-5.3 legacy subscription fields into the 5.4+ shape", async () => {
    const events: unknown[] = [];
    const { client } = await start((app) => {
      app.on("client.subscribe", (event) => void events.push(event.topicFilters));
      app.on("session.subscribed", (event) => void events.push([event.topic, event.subopts.qos]));
    });
    await client.call("OnClientSubscribe", {
      clientinfo: clientinfo("u"),
      topic_filters: [{ name: "t/1", qos: 2 }],
      meta,
    });
    await client.call("OnSessionSubscribed", {
      clientinfo: clientinfo("u"),
      topic: "t/2",
      subopts: { qos: 1, share: "grp" },
      meta,
    });
    expect(events[0]).toMatchObject([{ name: "t/1", subopts: { qos: 2, rh: 0, rap: 0, nl: 0 } }]);
    expect(events[1]).toEqual(["$share/grp/t/2", 1]);
  });

  it("gives v3 user properties, the request meta and the version on the context", async () => {
    const seen: unknown[] = [];
    const { client } = await start(
      (app) =>
        app.publish((event, ctx) => {
          seen.push(event.userProps, ctx.version, ctx.meta.clusterName, event.message.timestamp > 0n);
          return undefined;
        }),
      "v3",
    );
    await client.call("OnMessagePublish", {
      message: message("t"),
      meta,
      user_props: [{ name: "k", value: "v" }],
    });
    expect(seen).toMatchObject([[{ name: "k", value: "v" }], "v3", "emqxcl", true]);
  });
});

describe("grpc.health.v1 on the main port", () => {
  it("does not keep serving when closed while it was starting to listen", async () => {
    const probe = net.createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as net.AddressInfo).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const app = createExhook({ logger: silentLogger });
    const listening = app.listen({ port, host: "127.0.0.1" });
    await expect(app.listen({ port: 0, host: "127.0.0.1" })).rejects.toThrow(/already listening/);
    await app.close({ deadlineMs: 500 });
    await expect(listening).rejects.toThrow(/closed/);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it("answers SERVING to Check", async () => {
    const { port } = await start(() => {});
    const definition = protoLoader.loadSync("grpc/health/v1/health.proto", {
      includeDirs: [fileURLToPath(new URL("../../proto/proto", import.meta.url))],
      enums: String,
    });
    // biome-ignore lint/suspicious/noExplicitAny: proto-loader objects are untyped
    const pkg = grpc.loadPackageDefinition(definition) as any;
    const client = new pkg.grpc.health.v1.Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const answer = await new Promise((resolve, reject) =>
      client.Check({ service: "" }, (error: Error | null, response: unknown) =>
        error ? reject(error) : resolve(response),
      ),
    );
    client.close();
    expect(answer).toEqual({ status: "SERVING" });
  });
});
