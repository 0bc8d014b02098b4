import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { createFakeBroker, type FakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DashboardState } from "./dashboard-feed.js";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

const fixture = (name: string) => fileURLToPath(new URL(`./test-support/fixtures/${name}`, import.meta.url));
const token = "dashboard-test-token";

/** A GET with a Host header of our choosing (fetch does not let one set it). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the dashboard with an admin token", () => {
  let server: ServerProcess;
  let broker: FakeBroker;
  const auth = { authorization: `Bearer ${token}` };
  const state = async (query = ""): Promise<DashboardState> => {
    const res = await fetch(`${server.adminUrl}/dashboard/state?${query}`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as DashboardState;
  };

  beforeAll(async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "admin: { token: '${ADMIN_TOKEN}' }",
        "log: { banner: false }",
        "sinks:",
        "  audit: { type: memory }",
        "routes:",
        "  - { hooks: [client.connected, message.publish], sinks: [audit] }",
        `handlers: ${JSON.stringify(fixture("deny-handlers.js"))}`,
      ].join("\n"),
    });
    server = await startServerProcess({
      args: ["--config", "exhook.yaml"],
      cwd: dir,
      env: { ADMIN_TOKEN: token },
    });
    broker = createFakeBroker({ url: server.url, version: "v2" });
    await broker.load();
  });
  afterAll(async () => {
    broker?.close();
    await server?.stop();
  });

  it("serves the page and its script without the token (they hold no data), with a strict CSP", async () => {
    const page = await fetch(`${server.adminUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<script type="module" src="/dashboard.js">');
    const script = await fetch(`${server.adminUrl}/dashboard.js`);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("/dashboard/state");
  });

  it("guards the state like the admin API: 401 without the token or with a wrong one", async () => {
    expect((await fetch(`${server.adminUrl}/dashboard/state`)).status).toBe(401);
    const wrong = await fetch(`${server.adminUrl}/dashboard/state`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(wrong.status).toBe(401);
  });

  it("reports counters, decisions, groups and sinks, and a tail of calls without passwords", async () => {
    // The first read with tail=1 starts observing; calls after it show up.
    const first = await state("tail=1");
    expect(first.tail).not.toBeNull();
    const client = broker.client({ clientid: "dash-alice", username: "alice", password: "pw-never-shown" });
    await client.connect();
    await client.publish("sensors/1", "21.5");
    expect((await client.publish("forbidden/x", "no")).authorized).toBe(false);
    await client.disconnect();

    const now = await state(`tail=1&since=${first.tail!.seq}`);
    const connected = now.hooks.find((h) => h.hook === "client.connected");
    expect(connected?.calls).toBeGreaterThan(0);
    const authorize = now.hooks.find((h) => h.hook === "client.authorize");
    expect(authorize?.decisions?.stopFalse).toBeGreaterThan(0);
    expect(now.groups.map((g) => [g.name, g.enabled])).toContainEqual(["handlers", true]);
    const audit = now.sinks.find((s) => s.name === "audit");
    expect(audit).toMatchObject({ type: "memory", enabled: true, status: "connected" });
    expect(audit!.recordsIn).toBeGreaterThan(0);
    expect(audit!.dropped).toHaveProperty("queue_full");

    const events = now.tail!.events.filter((e) => e.clientid === "dash-alice");
    expect(events.map((e) => e.hook)).toEqual(
      expect.arrayContaining(["client.connected", "message.publish"]),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ hook: "client.authorize", topic: "forbidden/x", decision: "stop-false" }),
    );
    expect(JSON.stringify(now)).not.toContain("pw-never-shown");

    // Filters: by hook, and by an MQTT topic filter.
    const publishes = await state(`tail=1&since=${first.tail!.seq}&hook=message.publish`);
    expect(new Set(publishes.tail!.events.map((e) => e.hook))).toEqual(new Set(["message.publish"]));
    const sensors = await state(`tail=1&since=${first.tail!.seq}&topic=${encodeURIComponent("sensors/+")}`);
    expect(sensors.tail!.events.length).toBeGreaterThan(0);
    expect(sensors.tail!.events.every((e) => e.topic === "sensors/1")).toBe(true);
  });

  it("samples calls/s and p99 per hook once a second for the charts", async () => {
    const client = broker.client({ clientid: "dash-chart" });
    await client.connect();
    await vi.waitFor(
      async () => {
        await client.publish("chart/1", "x");
        const s = await state();
        const sample = s.history.find((h) => h.hooks["message.publish"] !== undefined);
        expect(sample?.hooks["message.publish"]?.rate).toBeGreaterThan(0);
        expect(sample?.hooks["message.publish"]?.p99).toBeGreaterThanOrEqual(0);
      },
      { timeout: 20_000, interval: 300 },
    );
    await client.disconnect();
  });
});

describe("the dashboard without a token", () => {
  it("on loopback: answers only requests addressed to a loopback name (DNS rebinding)", async () => {
    const dir = tempDir({ "exhook.yaml": "log: { banner: false }\n" });
    const server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
    try {
      expect((await get(`${server.adminUrl}/`)).status).toBe(200);
      const state = await get(`${server.adminUrl}/dashboard/state`);
      expect(state.status).toBe(200);
      expect((JSON.parse(state.body) as DashboardState).viewerOnLoopback).toBe(true);
      for (const path of ["/", "/dashboard.js", "/dashboard/state"]) {
        expect((await get(`${server.adminUrl}${path}`, { host: "evil.example:9001" })).status).toBe(403);
      }
    } finally {
      await server.stop();
    }
  });
});
