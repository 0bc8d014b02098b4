// The admin port as an attacker on this machine sees it: sink types that are code, DNS rebinding, CORS.
import { existsSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { adminClient } from "./test-support/admin-client.js";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

const fixture = (name: string) => new URL(`./test-support/fixtures/${name}`, import.meta.url).pathname;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP/1.1 request, so the Host and Origin headers are exactly what a browser could send. */
function send(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: options.method ?? "POST",
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const listDrivers = "/exhook.admin.v1.AdminService/ListDrivers";
const json = { "content-type": "application/json" };

describe("the admin port without a token, on loopback (the default)", () => {
  let server: ServerProcess;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir({
      "exhook.yaml": [
        "log: { banner: false, level: debug }",
        "sinks:",
        `  mine: { type: ${JSON.stringify(fixture("local-sink.js"))} }`,
      ].join("\n"),
    });
    server = await startServerProcess({ args: ["--config", "exhook.yaml"], cwd: dir });
  });
  afterAll(() => server?.stop());

  it("never imports a sink type that is a URL or a path, and says what a type may be", async () => {
    const admin = adminClient(server.adminUrl!);
    const marker = join(dir, "pwned");
    const payload = `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(marker)}, String(process.pid));`;
    const module = join(dir, "evil.mjs");
    writeFileSync(module, payload);
    const types = [
      `data:text/javascript,${encodeURIComponent(payload)}`,
      module,
      `file://${module}`,
      "./evil.mjs",
      "node:child_process",
      "child_process",
      "exhook-sink-x/../../evil.mjs",
    ];
    for (const type of types) {
      const error = await admin.addSink({ name: "x", type, routes: [] }).catch((e: unknown) => e);
      expect(error, type).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).code, type).toBe(Code.InvalidArgument);
      expect((error as ConnectError).rawMessage, type).toMatch(
        /is not a sink type: name an installed sink package/,
      );
    }
    expect(existsSync(marker)).toBe(false);
    const { drivers } = await admin.listDrivers({});
    expect(drivers.map((d) => d.name)).not.toContain("x");
  });

  it("loads a local sink module the config file names, and installed sink packages", async () => {
    const admin = adminClient(server.adminUrl!);
    const local = await admin.addSink({ name: "again", type: fixture("local-sink.js"), routes: [] });
    expect(local.driver).toMatchObject({ name: "again", kind: "sink" });
    const memory = await admin.addSink({ name: "tap", type: "memory", routes: [] });
    expect(memory.driver).toMatchObject({ name: "tap", kind: "sink" });
    const scoped = await admin.addSink({ name: "tap2", type: "@exhook/sink-memory", routes: [] });
    expect(scoped.driver).toMatchObject({ name: "tap2", kind: "sink" });
  });

  it("answers management and /metrics only to requests addressed to a loopback name", async () => {
    const port = new URL(server.adminUrl!).port;
    for (const host of [
      "localhost",
      `localhost:${port}`,
      "127.0.0.1",
      `127.0.0.1:${port}`,
      "127.1.2.3",
      `[::1]:${port}`,
    ]) {
      const res = await send(server.adminUrl!, { path: listDrivers, headers: { ...json, host }, body: "{}" });
      expect(res.status, host).toBe(200);
    }
    for (const host of [
      "evil.example",
      `evil.example:${port}`,
      "localhost.evil.example",
      "127.0.0.1.nip.io",
      "10.0.0.1",
    ]) {
      const res = await send(server.adminUrl!, { path: listDrivers, headers: { ...json, host }, body: "{}" });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body), host).toMatchObject({ code: "permission_denied" });
      const metrics = await send(server.adminUrl!, { method: "GET", path: "/metrics", headers: { host } });
      expect(metrics.status, host).toBe(403);
    }
    // Probes carry nothing worth stealing and the kubelet sends the pod's address.
    const probe = await send(server.adminUrl!, {
      method: "GET",
      path: "/healthz",
      headers: { host: "10.0.0.1" },
    });
    expect(probe.status).toBe(200);
  });

  it("refuses another site's page and answers no CORS preflight", async () => {
    const crossSite = await send(server.adminUrl!, {
      path: listDrivers,
      headers: { ...json, origin: "http://evil.example" },
      body: "{}",
    });
    expect(crossSite.status).toBe(403);
    const sandboxed = await send(server.adminUrl!, {
      path: listDrivers,
      headers: { ...json, origin: "null" },
      body: "{}",
    });
    expect(sandboxed.status).toBe(403);
    const local = await send(server.adminUrl!, {
      path: listDrivers,
      headers: { ...json, origin: "http://localhost:3000" },
      body: "{}",
    });
    expect(local.status).toBe(200);
    const preflight = await send(server.adminUrl!, {
      method: "OPTIONS",
      path: listDrivers,
      headers: {
        origin: "http://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(405);
    for (const res of [crossSite, preflight, local]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    }
  });

  it("logs every management call with the caller's address, the call and the driver or sink", async () => {
    const admin = adminClient(server.adminUrl!);
    await admin.disableDriver({ name: "mine" });
    await admin.enableDriver({ name: "mine" });
    await admin.removeSink({ name: "nope" }).catch(() => undefined);
    // Earlier tests of this server logged calls too, so wait for these lines themselves, not for a count:
    // the log reaches us through a pipe, after the answers.
    await vi.waitFor(
      () => {
        const calls = server.logs().filter((l) => typeof l["call"] === "string");
        expect(calls).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              call: "DisableDriver",
              driver: "mine",
              remote: "127.0.0.1",
              level: 30,
            }),
            expect.objectContaining({ call: "EnableDriver", driver: "mine", remote: "127.0.0.1" }),
            expect.objectContaining({ call: "RemoveSink", sink: "nope", code: "NotFound", level: 40 }),
            expect.objectContaining({ call: "AddSink", sink: "x", type: expect.stringMatching(/^data:/) }),
          ]),
        );
      },
      { timeout: 15_000 },
    );
  });
});

describe("the admin port with a token", () => {
  const token = "admin-token-for-tests";
  let server: ServerProcess;
  beforeAll(async () => {
    const dir = tempDir({ "exhook.yaml": "admin: { token: '${ADMIN_TOKEN}' }\nlog: { banner: false }\n" });
    server = await startServerProcess({
      args: ["--config", "exhook.yaml"],
      cwd: dir,
      env: { ADMIN_TOKEN: token },
    });
  });
  afterAll(() => server?.stop());

  it("accepts the Bearer scheme in any case (RFC 7235), and only the right token", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const res = await send(server.adminUrl!, {
        path: listDrivers,
        headers: { ...json, authorization: `${scheme} ${token}` },
        body: "{}",
      });
      expect(res.status, scheme).toBe(200);
    }
    for (const authorization of [`Basic ${token}`, `bearer ${token}x`, `bearer${token}`, "bearer "]) {
      const res = await send(server.adminUrl!, {
        path: listDrivers,
        headers: { ...json, authorization },
        body: "{}",
      });
      expect(res.status, authorization).toBe(401);
    }
  });

  it("refuses an admin sink type that is a URL even with the token", async () => {
    const error = await adminClient(server.adminUrl!, token)
      .addSink({ name: "x", type: "data:text/javascript,export const sink = 1", routes: [] })
      .catch((e: unknown) => e);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    expect((error as ConnectError).rawMessage).toMatch(/is not a sink type/);
  });
});
