// startAdmin over real sockets: an app with a handler and a sink, a fake broker calling it, HTTP to the admin port.
import { createExhook, type Exhook, silentLogger, stopWith } from "@exhook/core";
import { sink as memorySink } from "@exhook/sink-memory";
import { createFakeBroker } from "@exhook/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AdminOptions,
  type AdminServer,
  type ReloadOutcome,
  type ReloadStats,
  startAdmin,
} from "./index.js";

const running: { app: Exhook; admin: AdminServer }[] = [];
afterEach(async () => {
  for (const { app, admin } of running.splice(0)) {
    await admin.close();
    await app.close();
  }
});

async function start(options: AdminOptions = {}) {
  const app = createExhook({ logger: silentLogger });
  app.authenticate((event) => (event.clientinfo.username === "admin" ? stopWith(true) : undefined));
  await app.sink("audit", memorySink, {});
  app.route({ hooks: ["client.connected"], sinks: ["audit"] });
  const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
  const admin = await startAdmin(app, { port: 0, ...options });
  running.push({ app, admin });
  return { app, admin, url };
}

/** A Connect unary call, as the exhook CLI makes it. */
async function rpc(admin: AdminServer, method: string, body: object, token?: string) {
  const res = await fetch(`${admin.url}/exhook.admin.v1.AdminService/${method}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("startAdmin", () => {
  it("shows decision cache hits and misses in /metrics and stats, and ClearDecisionCache forgets them", async () => {
    const app = createExhook({ logger: silentLogger });
    let asked = 0;
    app.authenticate({ group: "authn", cache: { ttlMs: 60_000 } }, () => {
      asked++;
      return stopWith(true);
    });
    await app.sink("audit", memorySink, {});
    const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
    const admin = await startAdmin(app, { port: 0 });
    running.push({ app, admin });
    const broker = createFakeBroker({ url, version: "v2" });
    await broker.load();
    const connect = () => broker.client({ clientid: "c1", username: "u", password: "pw" }).connect();
    await connect();
    await connect();
    expect(asked).toBe(1);

    const text = await (await fetch(`${admin.url}/metrics`)).text();
    expect(text).toContain(
      'exhook_decision_cache_lookups_total{group="authn",hook="client.authenticate",result="hit"} 1',
    );
    expect(text).toContain(
      'exhook_decision_cache_lookups_total{group="authn",hook="client.authenticate",result="miss"} 1',
    );
    expect(text).toContain('exhook_decision_cache_entries{group="authn",hook="client.authenticate"} 1');
    const stats = await rpc(admin, "GetStats", {});
    expect(stats.body["stats"]).toMatchObject({
      caches: { authn: { "client.authenticate": { hits: 1, misses: 1, entries: 1 } } },
    });

    expect((await rpc(admin, "ClearDecisionCache", { group: "authn" })).body).toEqual({ cleared: 1 });
    await connect();
    expect(asked).toBe(2);
    expect((await rpc(admin, "ClearDecisionCache", {})).body).toEqual({ cleared: 1 });
    expect((await rpc(admin, "ClearDecisionCache", { group: "nope" })).status).toBe(404);
    expect((await rpc(admin, "ClearDecisionCache", { group: "audit" })).status).toBe(400);
    await broker.close();
  });

  it("lists the app's drivers, disables one, and counts what the broker called", async () => {
    const { admin, url } = await start();
    const broker = createFakeBroker({ url, version: "v2" });
    await broker.load();
    expect((await broker.client({ clientid: "c1", username: "admin" }).connect()).authenticated).toBe(true);
    await broker.close();

    const listed = await rpc(admin, "ListDrivers", {});
    expect(listed.status).toBe(200);
    const drivers = listed.body["drivers"] as { name: string; kind: string; enabled?: boolean }[];
    expect(drivers.map((d) => [d.name, d.kind, d.enabled === true])).toEqual([
      ["default", "handlers", true],
      ["audit", "sink", true],
    ]);

    const disabled = await rpc(admin, "DisableDriver", { name: "audit" });
    expect(disabled.body["driver"]).toMatchObject({ name: "audit", kind: "sink" });
    expect((disabled.body["driver"] as { enabled?: boolean }).enabled).toBeUndefined(); // false: not written

    const stats = await rpc(admin, "GetStats", {});
    const hooks = (stats.body["stats"] as { hooks: Record<string, { calls: number }> }).hooks;
    expect(hooks["client.authenticate"]?.calls).toBe(1);

    const metrics = await fetch(`${admin.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('exhook_hook_calls_total{hook="client.authenticate",outcome="ok"} 1');
    expect(text).toContain('exhook_driver_enabled{driver="audit",kind="sink"} 0');
  });

  it("answers AddSink with unimplemented unless the host app says how to add sinks", async () => {
    const { admin } = await start();
    const added = await rpc(admin, "AddSink", { name: "more", type: "memory" });
    expect(added.status).toBe(501);
    expect(added.body).toMatchObject({ code: "unimplemented" });

    const seen: string[] = [];
    const withHandler = await start({ addSink: async (req) => void seen.push(req.name) });
    const added2 = await rpc(withHandler.admin, "AddSink", { name: "audit", type: "memory" });
    expect(seen).toEqual(["audit"]);
    // The handler ran; the answer describes the driver of that name.
    expect(added2.body["driver"]).toMatchObject({ name: "audit" });
  });

  it("reports readiness as told, and probes need no token while management does", async () => {
    let ready = true;
    const { admin } = await start({ token: "s3cret", ready: () => ready });
    expect((await fetch(`${admin.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${admin.url}/readyz`)).status).toBe(200);
    ready = false;
    const draining = await fetch(`${admin.url}/readyz`);
    expect([draining.status, await draining.text()]).toEqual([503, "not ready\n"]);

    expect((await rpc(admin, "ListDrivers", {})).status).toBe(401);
    expect((await fetch(`${admin.url}/metrics`)).status).toBe(401);
    expect((await rpc(admin, "ListDrivers", {}, "s3cret")).status).toBe(200);
  });

  it("names the sink prop a reconfigure got wrong, as a config key path", async () => {
    const { admin } = await start();
    const result = await rpc(admin, "ReconfigureSink", { name: "audit", props: { topic: 42 } });
    expect(result.status).toBe(400);
    expect(String(result.body["message"])).toMatch(/^sinks\.audit\.topic: /);
    expect((await rpc(admin, "ReconfigureSink", { name: "nope", props: {} })).body).toMatchObject({
      code: "not_found",
    });
  });
});

describe("Reload", () => {
  it("answers unimplemented without a handler", async () => {
    const { admin } = await start();
    const answer = await rpc(admin, "Reload", {});
    expect(answer).toMatchObject({ status: 501, body: { code: "unimplemented" } });
  });

  it("answers the host's outcome and counts it in GetStats and /metrics", async () => {
    let next: ReloadOutcome = {
      applied: true,
      problems: [],
      changes: ["sink audit added"],
      warnings: [],
      offerChanged: true,
    };
    const stats: ReloadStats = { ok: 0, refused: 0, lastAt: undefined, lastOutcome: undefined };
    const { admin } = await start({
      reload: {
        run: async () => {
          stats.lastAt = "2026-12-02T00:00:00.000Z";
          stats.lastOutcome = next.applied ? "ok" : "refused";
          if (next.applied) stats.ok++;
          else stats.refused++;
          return next;
        },
        stats: () => ({ ...stats }),
      },
    });
    expect((await rpc(admin, "GetStats", {})).body["stats"]).toMatchObject({
      reloads: { ok: 0, refused: 0 },
    });
    expect(await rpc(admin, "Reload", {})).toEqual({
      status: 200,
      body: { changes: ["sink audit added"], offerChanged: true },
    });
    next = {
      applied: false,
      problems: [
        { path: "acl.default", reason: "must be allow, deny or pass" },
        { path: "", reason: "exhook.yaml is not valid YAML" },
      ],
      changes: [],
      warnings: [],
      offerChanged: false,
    };
    expect(await rpc(admin, "Reload", {})).toMatchObject({
      status: 400,
      body: {
        code: "invalid_argument",
        message: "acl.default: must be allow, deny or pass\nexhook.yaml is not valid YAML",
      },
    });
    expect((await rpc(admin, "GetStats", {})).body["stats"]).toMatchObject({
      reloads: { ok: 1, refused: 1, lastOutcome: "refused", lastAt: "2026-12-02T00:00:00.000Z" },
    });
    const metrics = await (await fetch(`${admin.url}/metrics`)).text();
    expect(metrics).toContain('exhook_config_reloads_total{outcome="ok"} 1');
    expect(metrics).toContain('exhook_config_reloads_total{outcome="refused"} 1');
    expect(metrics).toContain("exhook_config_last_reload_successful 0");
    expect(metrics).toContain("exhook_config_last_reload_timestamp_seconds 1796169600");
  });
});
