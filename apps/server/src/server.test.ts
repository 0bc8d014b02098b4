// The real server process with the default config, and the admin API (token, drivers, sinks, stats, metrics).
import { fileURLToPath } from "node:url";
import { Code, ConnectError } from "@connectrpc/connect";
import { createFakeBroker, type FakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./test-support/admin-client.js";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

const fixture = (name: string) => fileURLToPath(new URL(`./test-support/fixtures/${name}`, import.meta.url));

describe("the server with its embedded default config", () => {
  let server: ServerProcess;
  let broker: FakeBroker;

  beforeAll(async () => {
    server = await startServerProcess();
    broker = createFakeBroker({ url: server.url, version: "v2" });
  });
  afterAll(async () => {
    broker?.close();
    await server?.stop();
  });

  it("prints its address, the hooks offered and the EMQX 5 and 4 config snippets", () => {
    const out = server.stdout();
    expect(out).toContain(`exhook server listening on ${server.url}`);
    expect(out).toMatch(/hooks offered:\n\s+client\.connect\n/);
    expect(out).toContain(`url = "${server.url}"`);
    expect(out).toContain("failed_action = deny");
    expect(out).toContain(`exhook.server.exhook.url = ${server.url}`);
  });

  it("offers lifecycle and message hooks but leaves authentication and authorization to the broker", async () => {
    const { hooks } = await broker.load();
    const names = hooks.map((h) => h.name);
    expect(names).toContain("client.connected");
    expect(names).toContain("message.publish");
    expect(names).not.toContain("client.authenticate");
    expect(names).not.toContain("client.authorize");
  });

  it("answers a whole MQTT session and logs each event through the log sink", async () => {
    const alice = broker.client({ clientid: "alice", username: "alice" });
    expect((await alice.connect()).authenticated).toBe(true);
    expect((await alice.subscribe("t/#")).allowed).toBe(true);
    const published = await alice.publish("t/1", "hello", { qos: 1 });
    expect(published.allowed).toBe(true);
    expect(published.message.topic).toBe("t/1");
    await alice.disconnect();
    expect(broker.failures).toEqual([]);
    await expect.poll(() => server.stdout()).toMatch(/"msg":"client\.connected"/);
    expect(server.stdout()).toMatch(/"msg":"message\.publish"/);
  });

  it("logs records of the documented shape: no protobuf internals, nested objects with their own fields only", async () => {
    await broker.load();
    const bob = broker.client({ clientid: "bob" });
    await bob.connect();
    await bob.subscribe("s/#");
    await bob.publish("s/1", "x");
    await expect
      .poll(() => server.stdout())
      .toMatch(
        /"msg":"session\.subscribed"[^\n]*"clientid":"bob"|"clientid":"bob"[^\n]*"msg":"session\.subscribed"/,
      );
    await expect.poll(() => server.stdout()).toMatch(/"topic":"s\/1"/);
    const records = server.logs().filter((l) => typeof l["hook"] === "string");
    expect(server.stdout()).not.toContain("$typeName");
    const hooks = new Set(records.map((r) => r["hook"]));
    for (const hook of ["client.connected", "client.subscribe", "session.subscribed", "message.publish"]) {
      expect(hooks).toContain(hook);
    }
    for (const record of records) {
      expect(Object.keys(record["meta"] as object).sort()).toEqual([
        "clusterName",
        "node",
        "sysdescr",
        "version",
      ]);
      if (record["subopts"] !== undefined)
        expect(Object.keys(record["subopts"] as object).sort()).toEqual(["nl", "qos", "rap", "rh"]);
      for (const filter of (record["topicFilters"] as object[] | undefined) ?? [])
        expect(Object.keys(filter).sort()).toEqual(["nl", "qos", "rap", "rh", "topic"]);
    }
    const published = records.find((r) => r["hook"] === "message.publish" && r["topic"] === "s/1");
    expect(published).toMatchObject({ topic: "s/1", publishedTopic: "s/1" });
  });

  it("serves /healthz, /readyz and /metrics with hook counters", async () => {
    expect((await fetch(`${server.adminUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.adminUrl}/readyz`)).status).toBe(200);
    const res = await fetch(`${server.adminUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/exhook_hook_calls_total\{hook="client\.connected",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/exhook_hook_duration_seconds_bucket\{hook="message\.publish",le="\+Inf"\} [1-9]/);
    expect(text).toMatch(/exhook_hook_decisions_total\{hook="message\.publish",decision="ignore"\} [1-9]/);
    expect(text).toMatch(/exhook_sink_records_in_total\{sink="log",type="log"\} [1-9]/);
    expect(text).toContain("exhook_up 1");
  });
});

describe("the admin API", () => {
  const token = "test-admin-token-1";
  let server: ServerProcess;
  let broker: FakeBroker;

  beforeAll(async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "admin: { token: '${ADMIN_TOKEN}' }",
        "log: { banner: false }",
        "sinks:",
        "  audit: { type: log, level: debug }",
        "routes:",
        "  - { hooks: [client.connected], sinks: [audit] }",
        `handlers: ${JSON.stringify(fixture("deny-handlers.js"))}`,
      ].join("\n"),
    });
    server = await startServerProcess({
      args: ["--config", "exhook.yaml"],
      cwd: dir,
      env: { ADMIN_TOKEN: token },
    });
    broker = createFakeBroker({ url: server.url, version: "v3" });
    await broker.load();
  });
  afterAll(async () => {
    broker?.close();
    await server?.stop();
  });

  it("refuses calls without the token (401, unauthenticated) and with a wrong one", async () => {
    const res = await fetch(`${server.adminUrl}/exhook.admin.v1.AdminService/ListDrivers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "unauthenticated" });
    for (const client of [adminClient(server.adminUrl!), adminClient(server.adminUrl!, "wrong-token-000")]) {
      const error = await client.listDrivers({}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).code).toBe(Code.Unauthenticated);
    }
    expect((await fetch(`${server.adminUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.adminUrl}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${server.adminUrl}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(metrics.status).toBe(200);
  });

  it("answers plain curl-style JSON with the token", async () => {
    const res = await fetch(`${server.adminUrl}/exhook.admin.v1.AdminService/ListDrivers`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { drivers: { name: string; kind: string }[] };
    expect(body.drivers.map((d) => [d.name, d.kind])).toEqual(
      expect.arrayContaining([
        ["handlers", "handlers"],
        ["audit", "sink"],
      ]),
    );
  });

  it("disables a handler group while calls run (it then passes) and enables it again", async () => {
    const admin = adminClient(server.adminUrl!, token);
    const client = broker.client({ clientid: "c-toggle" });
    await client.connect();
    expect((await client.publish("forbidden/x", "1")).authorized).toBe(false);

    // Calls keep flowing while the group is switched off and on.
    let running = true;
    const background = (async () => {
      const other = broker.client({ clientid: "c-background" });
      await other.connect();
      let n = 0;
      while (running) {
        await other.publish(`free/${n++}`, "x");
      }
      return n;
    })();

    const disabled = await admin.disableDriver({ name: "handlers" });
    expect(disabled.driver).toMatchObject({ name: "handlers", kind: "handlers", enabled: false });
    expect((await client.publish("forbidden/x", "2")).authorized).toBe(true);

    const enabled = await admin.enableDriver({ name: "handlers" });
    expect(enabled.driver?.enabled).toBe(true);
    expect((await client.publish("forbidden/x", "3")).authorized).toBe(false);

    running = false;
    expect(await background).toBeGreaterThan(0);
    expect(broker.failures).toEqual([]);

    const missing = await admin.disableDriver({ name: "nope" }).catch((e: unknown) => e);
    expect((missing as ConnectError).code).toBe(Code.NotFound);
  });

  it("adds a sink with routes at runtime, reports its stats, and removes it", async () => {
    const admin = adminClient(server.adminUrl!, token);
    const added = await admin.addSink({
      name: "events",
      type: "memory",
      props: { topic: "exhook/${hook}" },
      options: { maxQueue: 100 },
      routes: [{ hooks: ["session.created"] }],
    });
    expect(added.driver).toMatchObject({
      name: "events",
      kind: "sink",
      enabled: true,
      hooks: ["session.created"],
    });

    // The broker learns the new hook on its next load (EMQX: on enable/update/reload of the server).
    const { hooks } = await broker.load();
    expect(hooks.map((h) => h.name)).toContain("session.created");
    await broker.client({ clientid: "c-sink" }).connect();
    await expect
      .poll(async () => (await admin.getStats({ driver: "events" })).stats?.["recordsOut"])
      .toBeGreaterThanOrEqual(1);

    const all = await admin.getStats({});
    expect(Object.keys(all.stats?.["hooks"] as object)).toContain("client.connected");

    const badProp = await admin
      .addSink({ name: "bad", type: "log", props: { level: "loud" }, routes: [] })
      .catch((e: unknown) => e);
    expect((badProp as ConnectError).code).toBe(Code.InvalidArgument);
    expect((badProp as ConnectError).rawMessage).toMatch(/^sinks\.bad\.level: must be/);
    const missing = await admin.addSink({ name: "k", type: "kafka", routes: [] }).catch((e: unknown) => e);
    expect((missing as ConnectError).code).toBe(Code.FailedPrecondition);
    expect((missing as ConnectError).rawMessage).toContain("npm install @exhook/sink-kafka");
    const badRoute = await admin
      .addSink({ name: "r", type: "memory", routes: [{ hooks: ["client.nope"] }] })
      .catch((e: unknown) => e);
    expect((badRoute as ConnectError).rawMessage).toMatch(/routes\[0\]\.hooks\[0\]: unknown hook/);

    const reconfigured = await admin.reconfigureSink({ name: "events", props: { topic: "other/${hook}" } });
    expect(reconfigured.driver?.name).toBe("events");

    await admin.removeSink({ name: "events" });
    const { drivers } = await admin.listDrivers({});
    expect(drivers.map((d) => d.name)).not.toContain("events");
    expect(drivers.map((d) => d.name)).not.toContain("r");
    const again = await admin.removeSink({ name: "events" }).catch((e: unknown) => e);
    expect((again as ConnectError).code).toBe(Code.NotFound);
  });
});

describe("the admin API beyond loopback without a token", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    const dir = tempDir({ "exhook.yaml": "admin: { host: 0.0.0.0 }\nlog: { banner: false }\n" });
    server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
  });
  afterAll(() => server?.stop());

  it("answers the probes but refuses management and metrics (403)", async () => {
    expect((await fetch(`${server.adminUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.adminUrl}/readyz`)).status).toBe(200);
    const res = await fetch(`${server.adminUrl}/exhook.admin.v1.AdminService/DisableDriver`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "log" }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "permission_denied" });
    expect((await fetch(`${server.adminUrl}/metrics`)).status).toBe(403);
  });
});
