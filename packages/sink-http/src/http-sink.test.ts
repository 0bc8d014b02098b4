// The HTTP sink against real local receivers: bodies, headers, signatures, retry semantics, masking, the pool.

import { silentLogger } from "@exhook/core";
import type { EventRecord, SinkContext } from "@exhook/core/sink";
import { parseProps, toEventRecord } from "@exhook/core/sink";
import { afterEach, describe, expect, it, vi } from "vitest";
import { idempotencyKey } from "./body.js";
import { HttpSink } from "./http-sink.js";
import { httpSinkProps } from "./props.js";
import { verifySignature } from "./signature.js";
import { type Harness, harness, publishEvent, range } from "./test-support/harness.js";
import { closedPort, Receiver } from "./test-support/receiver.js";

const wait = { timeout: 20_000, interval: 10 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(): Promise<Receiver> {
  const r = await Receiver.start();
  cleanups.push(() => r.stop());
  return r;
}

async function run(props: Record<string, unknown>, options = {}): Promise<Harness> {
  const h = await harness(props, { retry: { initialMs: 10, maxMs: 100 }, ...options });
  cleanups.push(() => h.close());
  return h;
}

const payloads = (records: readonly EventRecord[]) => records.map((r) => r.payload);

describe("the HTTP sink's requests", () => {
  it("POSTs each record as JSON, with its idempotency key, configured headers and Basic auth from the URL", async () => {
    const target = await receiver();
    const url = target.url("/hooks/a?src=exhook").replace("://", "://bob:p%40ss@");
    const h = await run({ url, headers: { Authorization: "Bearer tok-123", "X-Tenant": "t1" } });
    h.publish(0, 3);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(3), wait);
    expect(target.requests.map((r) => [r.method, r.url])).toEqual(
      Array.from({ length: 3 }, () => ["POST", "/hooks/a?src=exhook"]),
    );
    const first = target.requests[0]!;
    expect(first.headers).toMatchObject({
      "content-type": "application/json",
      authorization: "Bearer tok-123",
      "x-tenant": "t1",
      "idempotency-key": idempotencyKey(first.body.toString()),
    });
    // Basic auth from the URL goes only if no Authorization header is configured: that one wins here.
    expect(payloads(target.accepted)).toEqual(range(0, 3));
    expect(new Set(target.requests.map((r) => r.headers["idempotency-key"])).size).toBe(3);
    await vi.waitFor(() => expect(h.stats().recordsOut).toBe(3), wait);
  });

  it("sends user:password from the URL as Basic auth, and PUT when asked", async () => {
    const target = await receiver();
    const h = await run({ url: target.url("/put").replace("://", "://bob:p%40ss@"), method: "PUT" });
    h.publish(0, 1);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(1), wait);
    expect(target.requests[0]).toMatchObject({ method: "PUT", url: "/put" });
    expect(target.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from("bob:p@ss").toString("base64")}`,
    );
  });

  it("sends a JSON array per batch with body: array, keyed by its records", async () => {
    const target = await receiver();
    const h = await run({ url: target.url(), body: "array" }, { batchSize: 10, lingerMs: 50 });
    h.publish(0, 25);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(25), wait);
    expect(payloads(target.accepted)).toEqual(range(0, 25));
    for (const r of target.requests) {
      expect(r.body.toString().startsWith("[")).toBe(true);
      expect(r.headers["idempotency-key"]).toBe(idempotencyKey(r.body.toString()));
    }
    expect(target.requests.length).toBeLessThan(25);
  });

  it("renders a payload template per record (one a line in an array), as text unless a Content-Type is configured", async () => {
    const target = await receiver();
    const h = await run(
      { url: target.url("/lines"), body: "array", payload: "${clientid} ${topic} ${payload}" },
      { batchSize: 5, lingerMs: 50 },
    );
    h.publish(0, 5);
    await vi.waitFor(() => expect(target.requests.length).toBeGreaterThan(0), wait);
    await vi.waitFor(
      () => expect(target.requests.flatMap((r) => r.body.toString().split("\n"))).toHaveLength(5),
      wait,
    );
    const lines = target.requests.flatMap((r) => r.body.toString().split("\n"));
    expect(lines).toEqual(range(0, 5).map((n) => `${h.clientid} t/${h.clientid} ${n}`));
    expect(target.requests[0]!.headers["content-type"]).toBe("text/plain; charset=utf-8");

    const json = await receiver();
    const j = await run({
      url: json.url(),
      payload: '{"id":"${messageId}","n":${payload}}',
      headers: { "Content-Type": "application/vnd.acme+json" },
    });
    j.publish(7, 8);
    await vi.waitFor(() => expect(json.requests).toHaveLength(1), wait);
    expect(json.requests[0]!.body.toString()).toBe('{"id":"0005F8F9A1B20007","n":7}');
    expect(json.requests[0]!.headers["content-type"]).toBe("application/vnd.acme+json");
  });

  it("signs each request: HMAC-SHA256 of '<timestamp>.<body>', checked by verifySignature", async () => {
    const target = await receiver();
    const secret = "whsec-0123456789";
    const h = await run({ url: target.url(), secret, body: "array" }, { batchSize: 3, lingerMs: 20 });
    h.publish(0, 3);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(3), wait);
    for (const r of target.requests) {
      const signature = r.headers["x-exhook-signature"] as string;
      const timestamp = r.headers["x-exhook-timestamp"] as string;
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(600);
      expect(verifySignature({ secret, signature, timestamp, body: r.body })).toBe(true);
      // Another body, another secret, or the same request replayed an hour later: refused.
      const other = Buffer.from(r.body.toString().replace('"0"', '"9"'));
      expect(verifySignature({ secret, signature, timestamp, body: other })).toBe(false);
      expect(verifySignature({ secret: "nope", signature, timestamp, body: r.body })).toBe(false);
      const later = Number(timestamp) + 3600;
      expect(verifySignature({ secret, signature, timestamp, body: r.body, now: later })).toBe(false);
    }
  });
});

describe("the HTTP sink's retries", () => {
  it("retries 5xx and network errors with the same idempotency key, and loses nothing", async () => {
    const target = await receiver();
    let failures = 3;
    target.answer = () => (failures-- > 0 ? { status: 503, body: "busy" } : { status: 204 });
    const h = await run({ url: target.url() });
    h.publish(0, 5);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(5), wait);
    expect(payloads(target.accepted)).toEqual(range(0, 5));
    const keys = target.requests.map((r) => r.headers["idempotency-key"]);
    expect(new Set(keys.slice(0, 4))).toHaveProperty("size", 1); // three 503s, then the 204, one record
    expect(h.stats().recordsFailed).toBe(3);
    expect(h.stats().lastError?.message).toBe(`${target.url()} answered 503 Service Unavailable: busy`);
  });

  it("keeps what a batch delivered before a retryable failure: one request per record, none sent twice", async () => {
    const target = await receiver();
    let n = 0;
    target.answer = () => (++n === 3 ? { status: 500 } : { status: 204 });
    const h = await run({ url: target.url() }, { batchSize: 5, lingerMs: 50 });
    h.publish(0, 5);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(5), wait);
    expect(payloads(target.accepted)).toEqual(range(0, 5));
    expect(target.requests).toHaveLength(6); // the third record twice: 500, then 204
    expect(payloads(target.requests.map((r) => r.records[0]!))).toEqual(["0", "1", "2", "2", "3", "4"]);
  });

  it("waits the Retry-After of a 429 before the next attempt", async () => {
    const target = await receiver();
    let first = true;
    target.answer = () => {
      if (!first) return { status: 200 };
      first = false;
      return { status: 429, headers: { "Retry-After": "1" } };
    };
    const h = await run({ url: target.url() }, { retry: { initialMs: 1, maxMs: 10_000 } });
    const started = performance.now();
    h.publish(0, 1);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(1), wait);
    // A lower bound only: the 1 ms backoff would have retried at once.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(target.requests).toHaveLength(2);
  });

  it("never retries another 4xx: the record is dropped as fatal, alone, and the rest goes", async () => {
    const target = await receiver();
    target.answer = (r) => (r.records[0]?.payload === "1" ? { status: 422, body: "no" } : { status: 204 });
    const h = await run({ url: target.url() }, { batchSize: 3, lingerMs: 50 });
    h.publish(0, 3);
    await vi.waitFor(() => expect(h.stats().recordsOut).toBe(2), wait);
    expect(h.stats().dropped.fatal).toBe(1);
    expect(target.requests).toHaveLength(3);
    expect(payloads(target.accepted)).toEqual(["0", "2"]);
    expect(h.stats().lastError?.message).toBe(
      `${target.url()} refused a record: 422 Unprocessable Entity: no`,
    );
  });

  it("drops a whole batch body a 4xx refuses, and a redirect", async () => {
    const target = await receiver();
    target.answer = (r) =>
      r.url === "/moved" ? { status: 301, headers: { Location: "/elsewhere" } } : { status: 400 };
    const h = await run({ url: target.url(), body: "array" }, { batchSize: 4, lingerMs: 50 });
    h.publish(0, 4);
    await vi.waitFor(() => expect(h.stats().dropped.fatal).toBe(4), wait);
    expect(h.stats().lastError?.message).toBe(`${target.url()} refused a batch of 4: 400 Bad Request`);
    const moved = await run({ url: target.url("/moved") });
    moved.publish(0, 1);
    await vi.waitFor(() => expect(moved.stats().dropped.fatal).toBe(1), wait);
    expect(moved.stats().lastError?.message).toMatch(/301 Moved Permanently \(redirects are not followed\)/);
  });

  it("times a request out (retryably) and delivers once the target answers", async () => {
    const target = await receiver();
    let release!: () => void;
    const slow = new Promise<void>((r) => {
      release = r;
    });
    let n = 0;
    target.answer = () => (++n === 1 ? { status: 204, after: slow } : { status: 204 });
    const h = await run({ url: target.url(), timeoutMs: 200 });
    h.publish(0, 1);
    await vi.waitFor(() => expect(h.stats().lastError?.message).toMatch(/no answer within 200 ms/), wait);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(1), wait);
    release();
    expect(h.stats().recordsFailed).toBeGreaterThanOrEqual(1);
  });

  it("sends again at once on a fresh connection when a kept-alive one was closed under it", async () => {
    const target = await receiver();
    const served = new Map<number, number>();
    // The second request on any connection finds it closed (the target's idle timeout raced the reuse).
    target.answer = (r) => {
      const count = (served.get(r.remotePort) ?? 0) + 1;
      served.set(r.remotePort, count);
      return count === 2 ? { status: 0, destroy: true } : { status: 204 };
    };
    const h = await run({ url: target.url() });
    h.publish(0, 2);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(2), wait);
    expect(payloads(target.accepted)).toEqual(["0", "1"]);
    expect(h.stats().recordsFailed).toBe(0);
  });

  it("retries at once when a stopped target listens again, not at the end of a long backoff", async () => {
    const target = await receiver();
    const h = await run({ url: target.url() }, { retry: { initialMs: 60_000, maxMs: 60_000 } });
    h.publish(0, 1);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(1), wait);
    await target.stop();
    h.publish(1, 2);
    await vi.waitFor(() => expect(h.stats().status).toBe("disconnected"), wait);
    await target.start();
    await vi.waitFor(() => expect(target.accepted).toHaveLength(2), wait);
  });
});

describe("the HTTP sink's secrets", () => {
  it("never shows the URL's credentials or query, header values or the HMAC key in errors", async () => {
    const target = await receiver();
    // A target that echoes what it got: the sink masks the secrets in what it quotes.
    target.answer = (r) => ({
      status: 500,
      body: `auth=${r.headers.authorization} sig-key=whsec-abcdef token=${r.headers["x-api-key"]}`,
    });
    const h = await run({
      url: target.url("/in?token=query-secret").replace("://", "://bob:url-pass-1@"),
      headers: { Authorization: "Bearer header-secret-1", "X-Api-Key": "api-key-secret" },
      secret: "whsec-abcdef",
    });
    h.publish(0, 1);
    await vi.waitFor(() => expect(h.stats().recordsFailed).toBeGreaterThan(0), wait);
    const message = h.stats().lastError?.message ?? "";
    expect(message).toBe(
      `http://***:***@127.0.0.1:${target.port}/in?token=*** answered 500 Internal Server Error: auth=*** sig-key=*** token=***`,
    );

    const away = await closedPort();
    const gone = await run({ url: `http://bob:url-pass-1@127.0.0.1:${away}/x?token=query-secret` });
    await vi.waitFor(() => expect(gone.stats().lastError).toBeDefined(), wait);
    const text = gone.stats().lastError?.message ?? "";
    expect(text).toMatch(
      /^cannot connect to http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/x\?token=\*\*\*: .*ECONNREFUSED/,
    );
    expect(text).not.toMatch(/url-pass-1|query-secret/);
  });
});

describe("the HTTP sink's pool", () => {
  function context(): SinkContext {
    return { name: "t", logger: silentLogger, signal: new AbortController().signal, reportStatus: () => {} };
  }

  it("reuses one kept-alive connection for requests in sequence", async () => {
    const target = await receiver();
    const h = await run({ url: target.url() });
    h.publish(0, 20);
    await vi.waitFor(() => expect(target.accepted).toHaveLength(20), wait);
    expect(new Set(target.requests.map((r) => r.remotePort)).size).toBe(1);
  });

  it("opens at most maxSockets connections however many requests wait", async () => {
    const target = await receiver();
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    target.answer = () => ({ status: 204, after: held });
    const sink = new HttpSink(parseProps(httpSinkProps, { url: target.url(), maxSockets: 2 }));
    const ctx = context();
    await sink.open(ctx);
    cleanups.push(() => sink.close(ctx));
    const record = (n: number) =>
      toEventRecord("message.publish", publishEvent("pool", n), {
        version: "v2",
        meta: { node: "n", version: "5", sysdescr: "EMQX", clusterName: "c" },
        time: Date.now(),
      });
    // The runtime sends one batch at a time; several callers at once are what the bound is for.
    const calls = Array.from({ length: 6 }, (_, n) => sink.collect(ctx, [record(n)]));
    await vi.waitFor(() => expect(target.requests).toHaveLength(2), wait);
    // The check's own connection from open() may still be closing: wait for it to go.
    await vi.waitFor(() => expect(target.connections).toBe(2), wait);
    release();
    await Promise.all(calls);
    expect(target.requests).toHaveLength(6);
    expect(new Set(target.requests.map((r) => r.remotePort)).size).toBe(2);
  });
});
