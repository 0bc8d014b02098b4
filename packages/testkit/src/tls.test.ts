import { makeTestCerts as makeCerts, type TestCerts } from "@exhook/test-certs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeBroker } from "./index.js";
import { type DemoServer, startDemoServer } from "./test-support/demo-server.js";

let certs: TestCerts;
let server: DemoServer;
beforeAll(async () => {
  certs = makeCerts();
  // Mutual TLS: the server requires a client certificate signed by the same CA.
  server = await startDemoServer({ tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca } });
});
afterAll(async () => {
  await server.close();
});

describe("TLS", () => {
  it("plays a session over https with a client certificate", async () => {
    const broker = createFakeBroker({
      url: server.url,
      version: "v2",
      tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
    });
    try {
      await broker.load();
      const result = await broker.client({ clientid: "tls", username: "gooduser" }).connect();
      expect(result.authenticated).toBe(true);
      expect(broker.failures).toEqual([]);
    } finally {
      broker.close();
    }
  });

  it("fails the load when the server certificate is not trusted", async () => {
    const broker = createFakeBroker({ url: server.url, version: "v2", timeoutMs: 2000 });
    try {
      await expect(broker.load()).rejects.toMatchObject({ code: "load_failed" });
    } finally {
      broker.close();
    }
  });
});
