// server.workers: 2 — two real worker processes on one gRPC port, the primary's one admin port adding them up,
// admin writes reaching both, a killed worker restarted, SIGTERM draining both.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createFakeBroker, type FakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { adminClient } from "./test-support/admin-client.js";
import { runToExit, type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

const waitLong = { timeout: 30_000, interval: 100 };

/** `name{labels} value` lines of a Prometheus scrape, by name and label text. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

function sumOf(text: string, name: string): number {
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/** `clients` MQTT connects over `connections` brokers, each its own HTTP/2 connection. */
async function connectMany(
  url: string,
  connections: number,
  clients: number,
  tag: string,
): Promise<FakeBroker[]> {
  const brokers = Array.from({ length: connections }, () => createFakeBroker({ url, version: "v3" }));
  // One after the other: the primary hands each new connection to the next worker.
  for (const broker of brokers) await broker.load();
  await Promise.all(
    brokers.map(async (broker, b) => {
      for (let i = 0; i < clients; i++) await broker.client({ clientid: `${tag}-${b}-${i}` }).connect();
    }),
  );
  return brokers;
}

describe("server.workers: 2", { timeout: 120_000 }, () => {
  let server: ServerProcess;
  let dir: string;
  const scrape = async () => (await fetch(`${server.adminUrl}/metrics`)).text();

  beforeAll(async () => {
    dir = tempDir({
      "exhook.yaml": [
        "log: { banner: false }",
        "server: { workers: 2, shutdownDeadlineMs: 5000 }",
        "handlers: ./handlers.js",
        "sinks:",
        "  audit: { type: memory, options: { buffer: disk } }",
        "routes:",
        "  - { hooks: [client.connected], sinks: [audit] }",
      ].join("\n"),
      // The last test needs calls in flight at SIGTERM: user "slow" takes 700 ms to authenticate.
      "handlers.js": [
        "export function register(app) {",
        "  app.authenticate(async (event) => {",
        '    if (event.clientinfo.username === "slow") await new Promise((r) => setTimeout(r, 700));',
        "    return undefined;",
        "  });",
        "}",
      ].join("\n"),
    });
    server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
  });

  it("answers on one port from both workers; /metrics and GetStats add both up", async () => {
    const brokers = await connectMany(server.url, 4, 5, "a");
    for (const broker of brokers) {
      expect(broker.failures).toEqual([]);
      broker.close();
    }
    const text = await scrape();
    expect(sample(text, "exhook_workers")).toBe(2);
    expect(sample(text, "exhook_hook_calls_total", { hook: "client.connected", outcome: "ok" })).toBe(20);
    const one = sample(text, "exhook_worker_hook_calls_total", { worker: "1" }) ?? 0;
    const two = sample(text, "exhook_worker_hook_calls_total", { worker: "2" }) ?? 0;
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(0);
    expect(one + two).toBe(sumOf(text, "exhook_hook_calls_total"));
    expect(sample(text, "exhook_up")).toBe(1);
    const page = await fetch(`${server.adminUrl}/`);
    expect([page.status, await page.text()]).toEqual([404, expect.stringContaining("dashboard is off")]);

    const { stats } = await adminClient(server.adminUrl!).getStats({});
    const sinks = (stats?.["sinks"] ?? []) as { name: string; recordsIn: number }[];
    expect(sinks.find((s) => s.name === "audit")?.recordsIn).toBe(20);
    expect(stats?.["workers"]).toHaveLength(2);
    // Each worker's disk buffer in its own directory: two processes never share segment files.
    expect(existsSync(join(dir, "data", "worker-1", "sinks", "audit"))).toBe(true);
    expect(existsSync(join(dir, "data", "worker-2", "sinks", "audit"))).toBe(true);
  });

  it("gives an admin write to every worker: a disabled sink gets nothing from either", async () => {
    const admin = adminClient(server.adminUrl!);
    const dropped = (text: string) =>
      sample(text, "exhook_sink_dropped_total", { sink: "audit", reason: "disabled" }) ?? 0;
    const before = dropped(await scrape());
    expect((await admin.disableDriver({ name: "audit" })).driver?.enabled).toBe(false);
    const brokers = await connectMany(server.url, 4, 3, "b");
    for (const broker of brokers) broker.close();
    const after = await scrape();
    // Every one of the 12 events, whichever worker answered it, was dropped: both workers had it disabled.
    expect(dropped(after) - before).toBe(12);
    expect(sample(after, "exhook_driver_enabled", { driver: "audit" })).toBe(0);
    await admin.enableDriver({ name: "audit" });
    expect(sample(await scrape(), "exhook_driver_enabled", { driver: "audit" })).toBe(1);
  });

  it("restarts a worker killed with SIGKILL, counts it, and keeps answering", async () => {
    const listening = server.logs().find((l) => l["msg"] === "listening");
    const [pid] = (listening?.["pids"] ?? []) as number[];
    const admin = adminClient(server.adminUrl!);
    await admin.disableDriver({ name: "audit" });
    process.kill(pid!, "SIGKILL");
    await vi.waitFor(async () => {
      const text = await scrape();
      expect(sample(text, "exhook_worker_restarts_total", { worker: "1" })).toBe(1);
      expect(sample(text, "exhook_worker_up", { worker: "1" })).toBe(1);
    }, waitLong);
    expect(server.logs().some((l) => l["msg"] === "worker died: restarting it" && l["worker"] === 1)).toBe(
      true,
    );
    // The restarted worker was given the admin change the other one has.
    await vi.waitFor(async () => {
      const { drivers } = await admin.listDrivers({});
      expect(drivers.find((d) => d.name === "audit")?.enabled).toBe(false);
      expect(sample(await scrape(), "exhook_driver_enabled", { driver: "audit" })).toBe(0);
    }, waitLong);
    const brokers = await connectMany(server.url, 4, 2, "c");
    for (const broker of brokers) {
      expect(broker.failures).toEqual([]);
      broker.close();
    }
    await admin.enableDriver({ name: "audit" });
  });

  it("drains in-flight calls in every worker on SIGTERM (none lost), then exits 0", async () => {
    const brokers = Array.from({ length: 4 }, () => createFakeBroker({ url: server.url, version: "v2" }));
    try {
      for (const broker of brokers) await broker.load();
      // Each takes 700 ms; SIGTERM arrives while they are being handled, in both workers.
      const connects = brokers.flatMap((broker, b) =>
        Array.from({ length: 5 }, (_, i) =>
          broker.client({ clientid: `d${b}-${i}`, username: "slow" }).connect(),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
      server.child.kill("SIGTERM");
      await Promise.all(connects);
      for (const broker of brokers) expect(broker.failures).toEqual([]);
      expect(await server.exited).toBe(0);
      expect(server.logs().map((l) => l["msg"])).toEqual(expect.arrayContaining(["draining", "stopped"]));
    } finally {
      for (const broker of brokers) broker.close();
    }
  });
});

describe("server.workers: 2 that cannot start", () => {
  it("fails the start with the worker's exit code, and says why", async () => {
    const dir = tempDir({
      "exhook.yaml": "log: { banner: false }\nserver: { workers: 2 }\nhandlers: ./handlers.js\n",
      "handlers.js": 'export function register() { throw new Error("no database"); }\n',
    });
    const { code, stderr } = await runToExit({ args: ["--config", "exhook.yaml"], cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain("no database");
    expect(stderr).toMatch(/worker \d exited with 1 while starting/);
  });
});
