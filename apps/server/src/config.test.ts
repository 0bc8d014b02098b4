// Loading the config in-process: defaults, `${ENV}` interpolation, env overrides, paths relative to the file.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { ConfigError } from "./config-error.js";
import { tempDir } from "./test-support/server-process.js";

describe("loadConfig", () => {
  it("uses the embedded default without a file: log and memory sinks, no authn/authz hooks", async () => {
    const { config, file } = await loadConfig({ env: {} });
    expect(file).toBeUndefined();
    expect(config.server).toMatchObject({ host: "0.0.0.0", port: 9000 });
    expect(config.admin).toMatchObject({ enabled: true, host: "127.0.0.1", port: 9001 });
    expect(Object.keys(config.sinks)).toEqual(["log", "memory"]);
    const routed = config.routes.flatMap((r) => r.hooks);
    expect(routed).toContain("message.publish");
    expect(routed).toContain("session.created");
    expect(routed).not.toContain("client.authenticate");
    expect(routed).not.toContain("client.authorize");
  });

  it("takes server.workers as a count or auto (default 1), EXHOOK_WORKERS over the file", async () => {
    expect((await loadConfig({ env: {} })).config.server.workers).toBe(1);
    const dir = tempDir({ "exhook.yaml": "server: { workers: auto }" });
    const file = join(dir, "exhook.yaml");
    expect((await loadConfig({ file, env: {} })).config.server.workers).toBe("auto");
    expect((await loadConfig({ file, env: { EXHOOK_WORKERS: "3" } })).config.server.workers).toBe(3);
    const refused = await loadConfig({ file, env: { EXHOOK_WORKERS: "0" } }).catch((e: unknown) => e);
    expect((refused as ConfigError).problems).toEqual([
      { path: "server.workers (from EXHOOK_WORKERS)", reason: expect.stringContaining("from 1 to 1024") },
    ]);
  });

  it("takes server.transport http2 (default) or raw, EXHOOK_TRANSPORT over the file", async () => {
    expect((await loadConfig({ env: {} })).config.server.transport).toBe("http2");
    const dir = tempDir({ "exhook.yaml": "server: { transport: raw }" });
    const file = join(dir, "exhook.yaml");
    expect((await loadConfig({ file, env: {} })).config.server.transport).toBe("raw");
    expect((await loadConfig({ file, env: { EXHOOK_TRANSPORT: "http2" } })).config.server.transport).toBe(
      "http2",
    );
    const refused = await loadConfig({ file, env: { EXHOOK_TRANSPORT: "h3" } }).catch((e: unknown) => e);
    expect((refused as ConfigError).problems).toEqual([
      { path: "server.transport (from EXHOOK_TRANSPORT)", reason: expect.stringContaining("http2") },
    ]);
  });

  it("interpolates upper-case ${ENV} and leaves sink placeholders such as ${clientid} alone", async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "admin: { token: '${TOKEN}' }",
        "sinks:",
        "  events: { type: memory, topic: 'exhook/${hook}/${clientid}/${ZONE:-eu}/$${KEEP}' }",
      ].join("\n"),
    });
    const { config } = await loadConfig({ file: join(dir, "exhook.yaml"), env: { TOKEN: "s3cret-token" } });
    expect(config.admin.token).toBe("s3cret-token");
    expect(config.sinks["events"]!.props["topic"]).toBe("exhook/${hook}/${clientid}/eu/${KEEP}");
  });

  it("lets EXHOOK_* variables override the file", async () => {
    const dir = tempDir({ "exhook.json": JSON.stringify({ server: { port: 1234 }, admin: { port: 2345 } }) });
    const { config } = await loadConfig({
      file: join(dir, "exhook.json"),
      env: {
        EXHOOK_PORT: "4321",
        EXHOOK_HOST: "127.0.0.1",
        EXHOOK_ADMIN_PORT: "5432",
        EXHOOK_ADMIN_TOKEN: "tok-12345",
      },
    });
    expect(config.server).toMatchObject({ host: "127.0.0.1", port: 4321 });
    expect(config.admin).toMatchObject({ port: 5432, token: "tok-12345" });
  });

  it("expands hook patterns and EMQX 4 names in routes", async () => {
    const dir = tempDir({
      "exhook.yaml":
        "sinks: { a: { type: log } }\nroutes:\n  - { hooks: ['session.*', client.check_acl], sinks: [a] }\n",
    });
    const { config } = await loadConfig({ file: join(dir, "exhook.yaml"), env: {} });
    expect(config.routes[0]!.hooks).toEqual([
      "session.created",
      "session.subscribed",
      "session.unsubscribed",
      "session.resumed",
      "session.discarded",
      "session.takenover",
      "session.terminated",
      "client.authorize",
    ]);
  });

  it("resolves files relative to the config file and reports unreadable TLS files by key path", async () => {
    const dir = tempDir({ "exhook.yaml": "server:\n  tls: { cert: missing.pem, key: k.pem }\n" });
    writeFileSync(join(dir, "k.pem"), "x");
    const error = await loadConfig({ file: join(dir, "exhook.yaml"), env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe("server.tls.cert");
    expect((error as ConfigError).message).toContain(join(dir, "missing.pem"));
  });

  it("throws one ConfigError holding every problem, in the order of the file", async () => {
    const dir = tempDir({
      "exhook.yaml": "log: { level: loud }\nsinks:\n  audit:\nserver: { port: -1, host: '' }\n",
    });
    const error = await loadConfig({ file: join(dir, "exhook.yaml"), env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { path: "log.level", reason: 'must be "debug", "info", "warn", "error" or "silent", not "loud"' },
      { path: "sinks.audit", reason: "must be a mapping with a type (log, memory, mqtt, …)" },
      { path: "server.port", reason: "must be a port number from 0 to 65535, not -1" },
      { path: "server.host", reason: 'must be a non-empty string, not ""' },
    ]);
  });

  it("requires a CA when client certificates are required", async () => {
    const dir = tempDir({
      "exhook.yaml": "server:\n  tls: { cert: c.pem, key: k.pem, requireClientCert: true }\n",
    });
    await expect(loadConfig({ file: join(dir, "exhook.yaml"), env: {} })).rejects.toThrow(
      /server\.tls\.ca: is required/,
    );
  });
});
