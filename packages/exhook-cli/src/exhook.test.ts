// The built `exhook` binary against the real admin port (@exhook/admin's startAdmin) of a real app, over
// sockets: tables, JSON, tokens, errors. What the CLI changed is read back from the app, not from a log.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { type AdminServer, startAdmin } from "@exhook/admin";
import { createExhook, type Exhook, type HookName, silentLogger, stopWith } from "@exhook/core";
import type { adminV1 } from "@exhook/proto";
import { sink as memorySink } from "@exhook/sink-memory";
import { createFakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./test-support/run-cli.js";

const token = "s3cret";
let app: Exhook;
let admin: AdminServer;
/** What the admin port's AddSink handler was asked for, in order. */
const addSinkRequests: adminV1.AddSinkRequest[] = [];

beforeAll(async () => {
  app = createExhook({ logger: silentLogger });
  app.authenticate((event) => stopWith(event.clientinfo.username !== "mallory"));
  app.authorize(() => stopWith(true));
  await app.sink("audit", memorySink, {});
  const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
  admin = await startAdmin(app, {
    port: 0,
    token,
    // What a server's AddSink does, reduced to the memory sink: add it, route it.
    addSink: async (request) => {
      addSinkRequests.push(request);
      await app.sink(request.name, memorySink, {});
      for (const route of request.routes) {
        app.route({ hooks: route.hooks as HookName[], topics: route.topics, sinks: route.sinks });
      }
    },
  });
  // Real calls, so the counters the CLI shows are the app's own.
  const broker = createFakeBroker({ url, version: "v2" });
  await broker.load();
  await broker.client({ clientid: "c1", username: "alice", password: "pw" }).connect();
  await broker.client({ clientid: "c2", username: "mallory", password: "pw" }).connect();
  await broker.close();
});
afterAll(async () => {
  await admin?.close();
  await app?.close();
});
beforeEach(() => {
  addSinkRequests.length = 0;
});

const exhook = (...args: string[]) => runCli("exhook", ["--admin", admin.url, "--token", token, ...args]);

describe("exhook drivers", () => {
  it("lists the drivers as a table, with the app's own counters, and a sink routed nowhere", async () => {
    const result = await exhook("drivers");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+KIND\s+ENABLED\s+HOOKS\s+COUNTERS$/);
    // Two authenticate calls made by the broker in beforeAll; authorize was never asked.
    expect(lines[1]).toMatch(
      /^default\s+handlers\s+yes\s+client\.authenticate,client\.authorize\s+calls=2 failed=0 timedOut=0$/,
    );
    // No route feeds the sink: the server leaves `hooks` out of its proto3 JSON, the CLI shows none.
    expect(lines[2]).toMatch(/^audit\s+sink\s+yes\s+-\s+connected in=0 out=0 dropped=0 queue=0$/);
  });

  it("prints JSON with --json", async () => {
    const result = await exhook("drivers", "--json");
    expect(result.code).toBe(0);
    const drivers = JSON.parse(result.stdout) as { name: string; enabled: boolean; hooks: string[] }[];
    expect(drivers.map((d) => [d.name, d.enabled, d.hooks.length])).toEqual([
      ["default", true, 2],
      ["audit", true, 0],
    ]);
  });

  it("takes the admin URL and the token from the environment", async () => {
    const result = await runCli("exhook", ["drivers"], {
      env: { EXHOOK_ADMIN_URL: admin.url, EXHOOK_ADMIN_TOKEN: token },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("default");
  });
});

describe("exhook enable, disable and stats", () => {
  it("disables and enables a driver", async () => {
    const off = await exhook("disable", "default");
    expect(off).toMatchObject({ code: 0, stdout: "disabled default\n" });
    expect(app.drivers.get("default")?.enabled).toBe(false);
    const on = await exhook("enable", "default", "--json");
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ name: "default", enabled: true });
    expect(app.drivers.get("default")?.enabled).toBe(true);
  });

  it("prints the server's error for an unknown driver on one line, and exits 1", async () => {
    const result = await exhook("enable", "nope");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe('exhook: EnableDriver failed: not_found: no driver named "nope"\n');
  });

  it("shows the counters found in the stats", async () => {
    const result = await exhook("stats");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^COUNTER\s+CALLS\s+OK\s+FAILED\s+TIMEDOUT$/m);
    expect(result.stdout).toMatch(/^groups\.default\.client\.authenticate\s+2\s+2\s+0\s+0$/m);
    expect(result.stdout).toMatch(/^audit\s+connected\s+0\s+0\s+0\s+0\s+0$/m);
    expect(result.stdout).toMatch(/^SINK\s+STATUS\s+IN\s+OUT\s+FAILED\s+DROPPED\s+QUEUE$/m);
    const one = await exhook("stats", "audit", "--json");
    expect(JSON.parse(one.stdout)).toMatchObject({ name: "audit", recordsIn: 0, status: "connected" });
  });
});

describe("exhook sinks", () => {
  it("adds a sink with typed props, options and routes, then removes it", async () => {
    const added = await exhook(
      "sinks",
      "add",
      "telemetry",
      "--type",
      "mqtt",
      "--prop",
      "server=mqtt://127.0.0.1:1883",
      "--prop",
      "qos=1",
      "--prop",
      "retain=false",
      "--prop",
      "tls.servername=broker.local",
      "--option",
      "queueLength=1000",
      "--route",
      "message.publish:sensors/#,alerts/+",
      "--route",
      "client.connected,client.disconnected",
    );
    expect(added.stderr).toBe("");
    expect(added).toMatchObject({ code: 0, stdout: "added sink telemetry (mqtt, 2 routes)\n" });
    // What the server decoded from the CLI's JSON: the props' numbers and booleans kept their types.
    expect(addSinkRequests).toHaveLength(1);
    expect(addSinkRequests[0]).toMatchObject({
      name: "telemetry",
      type: "mqtt",
      props: {
        server: "mqtt://127.0.0.1:1883",
        qos: 1,
        retain: false,
        tls: { servername: "broker.local" },
      },
      options: { queueLength: 1000 },
      routes: [
        { hooks: ["message.publish"], topics: ["sensors/#", "alerts/+"], sinks: ["telemetry"] },
        { hooks: ["client.connected", "client.disconnected"], topics: [], sinks: ["telemetry"] },
      ],
    });
    expect((await exhook("drivers")).stdout).toMatch(
      /^telemetry\s+sink\s+yes\s+client\.connected,client\.disconnected,message\.publish\s+connected in=0/m,
    );

    const again = await exhook("sinks", "add", "telemetry", "--type", "mqtt");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^exhook: AddSink failed: already_exists: .*telemetry.*\n$/);

    const removed = await exhook("sinks", "remove", "telemetry");
    expect(removed).toMatchObject({ code: 0, stdout: "removed sink telemetry\n" });
    expect(app.drivers.get("telemetry")).toBeUndefined();
  });

  it("checks its own arguments before calling the server", async () => {
    const cases: [string[], string][] = [
      [["sinks", "add", "x"], "exhook: sinks add needs --type (memory, log, mqtt or a package name)\n"],
      [
        ["sinks", "add", "x", "--type", "log", "--prop", "novalue"],
        "exhook: --prop novalue: expected key=value\n",
      ],
      [
        ["sinks", "add", "x", "--type", "log", "--route", "Sensors:#"],
        'exhook: --route Sensors:#: "Sensors" is not a hook name (e.g. message.publish)\n',
      ],
      [["sinks", "remove"], "exhook: usage: exhook sinks remove <name>\n"],
      [["enable"], "exhook: usage: exhook enable <driver>\n"],
      [["frobnicate"], 'exhook: unknown command "frobnicate" (see exhook --help)\n'],
      [
        ["drivers", "--colour"],
        "exhook: unknown option --colour\nUsage: exhook <command> [options] (exhook --help lists the options)\n",
      ],
      [
        ["sinks", "add", "x", "--type"],
        "exhook: --type needs a value\nUsage: exhook <command> [options] (exhook --help lists the options)\n",
      ],
    ];
    for (const [args, message] of cases) {
      const result = await exhook(...args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toBe(message);
    }
    expect(addSinkRequests).toEqual([]);
  });
});

describe("exhook --version", () => {
  it("prints the version of @exhook/cli, and calls nobody", async () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const result = await exhook("--version");
    expect(result).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
    // Against no server at all: --version never calls one.
    const offline = await runCli("exhook", ["--version", "--admin", "http://127.0.0.1:1"]);
    expect(offline).toEqual(result);
  });
});

describe("exhook, when the call can't be made", () => {
  it("says a token is needed when none was given", async () => {
    const result = await runCli("exhook", ["drivers", "--admin", admin.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `exhook: the admin API at ${admin.url} refused ListDrivers: it needs a token: pass --token or set EXHOOK_ADMIN_TOKEN (a valid admin token is required (authorization: Bearer <token>))\n`,
    );
  });

  it("says the token was refused when it is wrong", async () => {
    const result = await runCli("exhook", ["drivers", "--admin", admin.url, "--token", "guess"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^exhook: the admin API at .* refused ListDrivers: the token was refused/);
  });

  it("says the server can't be reached, and exits 1", async () => {
    const closedPort = await freePort();
    const url = `http://127.0.0.1:${closedPort}`;
    const result = await runCli("exhook", ["drivers", "--admin", url, "--token", "t"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `exhook: cannot reach the admin API at ${url} (ECONNREFUSED): is the server running? Set --admin or EXHOOK_ADMIN_URL\n`,
    );
  });

  it("says when the URL answers but is not the admin API", async () => {
    const result = await runCli("exhook", ["drivers", "--admin", `${admin.url}/elsewhere`, "--token", token]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^exhook: ListDrivers failed: HTTP 404 Not Found from .*\/elsewhere; is that/,
    );
  });

  it("rejects an admin URL that is not one", async () => {
    const bare = await runCli("exhook", ["drivers", "--admin", "localhost"]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toBe(
      'exhook: "localhost" is not a URL (the admin API\'s, e.g. http://127.0.0.1:9001)\n',
    );
    const ftp = await runCli("exhook", ["drivers", "--admin", "ftp://127.0.0.1:9001"]);
    expect(ftp.code).toBe(1);
    expect(ftp.stderr).toMatch(/^exhook: the admin URL must be http:\/\/ or https:\/\//);
  });
});

/** A port nothing listens on: bound, read, released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
