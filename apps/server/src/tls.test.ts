// TLS and mutual TLS on the gRPC port, with certificates made by openssl in the test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeTestCerts } from "@exhook/test-certs";
import { createFakeBroker } from "@exhook/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

describe("TLS", () => {
  let dir: string;
  let tls: ServerProcess;
  let mtls: ServerProcess;

  beforeAll(async () => {
    dir = tempDir({
      "tls.yaml":
        "log: { banner: false }\nadmin: false\nserver:\n  host: 127.0.0.1\n  tls: { cert: server.pem, key: server.key }\nhandlers: ./h.js\n",
      "mtls.yaml":
        "log: { banner: false }\nadmin: false\nserver:\n  host: 127.0.0.1\n  tls: { cert: server.pem, key: server.key, ca: ca.pem, requireClientCert: true }\nhandlers: ./h.js\n",
      // No imports: a plain decision object is what stopWith(true) returns.
      "h.js": 'export function authenticate() { return { kind: "stop", value: true }; }\n',
    });
    writeTestCerts(dir);
    [tls, mtls] = await Promise.all([
      startServerProcess({ args: ["-c", "tls.yaml"], cwd: dir }),
      startServerProcess({ args: ["-c", "mtls.yaml"], cwd: dir }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([tls?.stop(), mtls?.stop()]);
  });

  const ca = () => readFileSync(join(dir, "ca.pem"));

  it("serves https:// to a broker that trusts the CA", async () => {
    expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const broker = createFakeBroker({ url: tls.url, version: "v2", tls: { ca: ca() } });
    try {
      const { hooks } = await broker.load();
      expect(hooks.map((h) => h.name)).toEqual(["client.authenticate"]);
      expect((await broker.client({ clientid: "t1" }).connect()).authenticated).toBe(true);
    } finally {
      broker.close();
    }
  });

  it("under mTLS, answers a broker with a client certificate and refuses one without", async () => {
    const withCert = createFakeBroker({
      url: mtls.url,
      version: "v2",
      tls: {
        ca: ca(),
        cert: readFileSync(join(dir, "client.pem")),
        key: readFileSync(join(dir, "client.key")),
      },
    });
    const withoutCert = createFakeBroker({ url: mtls.url, version: "v2", tls: { ca: ca() } });
    try {
      expect((await withCert.load()).hooks.length).toBe(1);
      await expect(withoutCert.load()).rejects.toThrow();
    } finally {
      withCert.close();
      withoutCert.close();
    }
  });
});
