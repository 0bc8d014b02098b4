// https targets with the repo's throwaway CA: trusted by `ca` (text or file), refused untrusted (retryably, as
// the certificate may be fixed), taken with rejectUnauthorized false, and mutual TLS with a client certificate.

import { join } from "node:path";
import { hasOpenssl, type TestCerts, testCertFiles, writeTestCerts } from "@exhook/test-certs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, harness } from "./test-support/harness.js";
import { Receiver, tempDir } from "./test-support/receiver.js";

const wait = { timeout: 20_000, interval: 10 };
let certs: TestCerts;
let dir: { path: string; remove: () => Promise<void> };
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  if (!hasOpenssl) return;
  dir = await tempDir("exhook-http-tls-");
  certs = writeTestCerts(dir.path);
});
afterAll(async () => {
  await dir?.remove();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tlsReceiver(requestCert = false): Promise<Receiver> {
  const r = await Receiver.start({
    tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert },
  });
  cleanups.push(() => r.stop());
  return r;
}

async function run(props: Record<string, unknown>): Promise<Harness> {
  const h = await harness(props, { retry: { initialMs: 10, maxMs: 100 } });
  cleanups.push(() => h.close());
  return h;
}

describe.skipIf(!hasOpenssl)("the HTTP sink over https", () => {
  it("delivers to a target whose certificate the given CA signed (PEM text or file)", async () => {
    const target = await tlsReceiver();
    const h = await run({ url: target.url(), ca: certs.ca.toString() });
    const f = await run({ url: target.url("/file"), ca: join(dir.path, testCertFiles.ca) });
    h.publish(0, 2);
    f.publish(0, 2);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(4), wait);
    expect(h.stats().status).toBe("connected");
  });

  it("keeps a sink whose target is not trusted, disconnected with the reason, and takes it with rejectUnauthorized false", async () => {
    const target = await tlsReceiver();
    const untrusted = await run({ url: target.url() });
    expect(untrusted.stats().status).toBe("disconnected");
    expect(untrusted.stats().lastError?.message).toMatch(
      /^cannot connect to https:\/\/127\.0\.0\.1:\d+\/hook: .*(self-signed|unable to (get|verify))/,
    );
    const lax = await run({ url: target.url("/lax"), rejectUnauthorized: false });
    lax.publish(0, 1);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(1), wait);
  });

  it("presents a client certificate to a target that asks for one (mutual TLS)", async () => {
    const target = await tlsReceiver(true);
    const h = await run({
      url: target.url(),
      ca: join(dir.path, testCertFiles.ca),
      cert: join(dir.path, testCertFiles.clientCert),
      key: join(dir.path, testCertFiles.clientKey),
    });
    h.publish(0, 3);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(3), wait);
  });
});
