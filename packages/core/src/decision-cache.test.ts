// The decision cache on its own: TTL, LRU bound, what is kept and what is not, the default keys.
import { describe, expect, it } from "vitest";
import type { HookContext } from "./call.js";
import { stopWith } from "./decision.js";
import { type CacheCounters, cachingHandler, DecisionCache, resolveCacheOptions } from "./decision-cache.js";
import { ExhookError } from "./errors.js";

const counters = (): CacheCounters => ({ hits: 0, misses: 0, evictions: 0, expired: 0 });
const clientinfo = (clientid: string, username: string, password = "secret") => ({
  clientid,
  username,
  password,
});
const liveCtx = { signal: new AbortController().signal } as HookContext;

describe("DecisionCache", () => {
  it("reuses a decision until its TTL is over, then misses", () => {
    let now = 1_000;
    const c = counters();
    const cache = new DecisionCache(50, 10, c, () => now);
    cache.store("k", stopWith(true));
    expect(cache.lookup("k")).toEqual(stopWith(true));
    now += 49;
    expect(cache.lookup("k")).toEqual(stopWith(true));
    now += 1;
    expect(typeof cache.lookup("k")).toBe("symbol");
    expect(c).toEqual({ hits: 2, misses: 1, evictions: 0, expired: 1 });
    expect(cache.size).toBe(0);
  });

  it("stays within maxEntries, dropping what was not used for the longest", () => {
    const c = counters();
    const cache = new DecisionCache(60_000, 4, c);
    cache.store("a", stopWith(true));
    cache.store("b", stopWith(false));
    cache.lookup("a"); // a is used again, b is not
    cache.store("c", stopWith(true));
    cache.store("d", stopWith(true));
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(typeof cache.lookup("b")).toBe("symbol");
    expect(cache.lookup("a")).toEqual(stopWith(true));
    expect(c.evictions).toBeGreaterThan(0);
    for (let i = 0; i < 1000; i++) cache.store(`k${i}`, undefined);
    expect(cache.size).toBeLessThanOrEqual(4);
    const one = new DecisionCache(60_000, 1, counters());
    one.store("x", undefined);
    one.store("y", undefined);
    expect(one.size).toBe(1);
  });

  it("keeps a pass, and never something that is not a decision", () => {
    const cache = new DecisionCache(60_000, 10, counters());
    cache.store("pass", undefined);
    cache.store("bare", true);
    cache.store("odd", { kind: "stop", value: "yes" });
    expect(cache.lookup("pass")).toBeUndefined();
    expect(typeof cache.lookup("bare")).toBe("symbol");
    expect(typeof cache.lookup("odd")).toBe("symbol");
  });

  it("clear() forgets everything and says how much", () => {
    const cache = new DecisionCache(60_000, 10, counters());
    cache.store("a", stopWith(true));
    cache.store("b", undefined);
    expect(cache.clear()).toBe(2);
    expect(cache.size).toBe(0);
  });
});

describe("cachingHandler", () => {
  it("does not keep what a handler threw, nor a decision that came after the call was aborted", async () => {
    const cache = new DecisionCache(60_000, 10, counters());
    const key = () => "k";
    const throwing = cachingHandler(
      () => {
        throw new Error("db down");
      },
      cache,
      key,
    );
    expect(() => throwing({}, liveCtx)).toThrow("db down");
    await expect(
      cachingHandler(() => Promise.reject(new Error("db down")), cache, key)({}, liveCtx),
    ).rejects.toThrow();
    const aborted = new AbortController();
    aborted.abort(new Error("deadline"));
    await cachingHandler(
      async () => stopWith(true),
      cache,
      key,
    )({}, {
      signal: aborted.signal,
    } as HookContext);
    expect(cache.size).toBe(0);
    await cachingHandler(async () => stopWith(true), cache, key)({}, liveCtx);
    expect(cache.size).toBe(1);
  });

  it("calls the handler every time for a key function that answers undefined", () => {
    let calls = 0;
    const handler = cachingHandler(
      () => {
        calls++;
        return stopWith(true);
      },
      new DecisionCache(60_000, 10, counters()),
      () => undefined,
    );
    handler({}, liveCtx);
    handler({}, liveCtx);
    expect(calls).toBe(2);
  });
});

describe("resolveCacheOptions and the default keys", () => {
  it("keys authenticate by a digest of the password, never the password", () => {
    const { key } = resolveCacheOptions("client.authenticate", { ttlMs: 1000 });
    const k = key({ clientinfo: clientinfo("c1", "u", "hunter2") })!;
    expect(k).not.toContain("hunter2");
    expect(k).toContain("c1");
    expect(key({ clientinfo: clientinfo("c1", "u", "other") })).not.toBe(k);
    expect(key({ clientinfo: clientinfo("c1", "u", "hunter2") })).toBe(k);
  });

  it("keys authorize by clientid, username, action and topic", () => {
    const { key } = resolveCacheOptions("client.authorize", { ttlMs: 1000 });
    const base = { clientinfo: clientinfo("c1", "u"), action: "publish", topic: "a/b" };
    const k = key(base);
    expect(key({ ...base, action: "subscribe" })).not.toBe(k);
    expect(key({ ...base, topic: "a/c" })).not.toBe(k);
    expect(key({ ...base, clientinfo: clientinfo("c2", "u") })).not.toBe(k);
    expect(key({ ...base, clientinfo: clientinfo("c1", "u", "changed") })).toBe(k);
  });

  it("refuses a cache on another hook and options out of range", () => {
    expect(() => resolveCacheOptions("message.publish", { ttlMs: 1000 })).toThrow(ExhookError);
    expect(() => resolveCacheOptions("client.authorize", { ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => resolveCacheOptions("client.authorize", { ttlMs: 10, maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
