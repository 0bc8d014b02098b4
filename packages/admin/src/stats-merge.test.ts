// GetStats of several workers as one server's: counts add up, bounds and states combine as documented.
import { describe, expect, it } from "vitest";
import { mergeStats } from "./stats-merge.js";

const latency = (count: number, sumMs: number, maxMs: number) => ({
  count,
  sumMs,
  buckets: [
    { le: 1, count: count - 1 },
    { le: null, count: 1 },
  ],
  lastMs: maxMs,
  avgMs: sumMs / count,
  maxMs,
});

const sink = (name: string, n: number, status: string, at: string) => ({
  name,
  type: "memory",
  enabled: true,
  status,
  lastError: n === 0 ? null : { message: `failed ${n}`, at },
  lastConnectedAt: at,
  recordsIn: n,
  dropped: { queue_full: n },
  latency: latency(4, 4 * n, n),
});

describe("mergeStats", () => {
  it("adds counters and histograms, keeps bucket bounds, takes the largest max and recomputes the average", () => {
    const one = { hooks: { "client.connect": { calls: 3, ok: 3, latency: latency(3, 3, 2) } } };
    const two = { hooks: { "client.connect": { calls: 5, ok: 4, latency: latency(5, 15, 9) } } };
    expect(mergeStats([one, two])).toEqual({
      hooks: {
        "client.connect": {
          calls: 8,
          ok: 7,
          latency: {
            count: 8,
            sumMs: 18,
            buckets: [
              { le: 1, count: 6 },
              { le: null, count: 2 },
            ],
            lastMs: 2,
            avgMs: 18 / 8,
            maxMs: 9,
          },
        },
      },
    });
  });

  it("matches sinks by name; connected only when every worker's is; the latest error and time win", () => {
    const merged = mergeStats([
      {
        sinks: [
          sink("a", 1, "connected", "2026-12-02T05:00:00Z"),
          sink("b", 0, "connected", "2026-12-02T04:00:00Z"),
        ],
      },
      {
        sinks: [
          sink("b", 2, "disconnected", "2026-12-02T05:30:00Z"),
          sink("a", 3, "connected", "2026-12-02T04:30:00Z"),
        ],
      },
    ]) as { sinks: Record<string, unknown>[] };
    expect(merged.sinks.map((s) => [s["name"], s["status"], s["recordsIn"], s["dropped"]])).toEqual([
      ["a", "connected", 4, { queue_full: 4 }],
      ["b", "disconnected", 2, { queue_full: 2 }],
    ]);
    expect(merged.sinks[0]!["lastError"]).toEqual({ message: "failed 1", at: "2026-12-02T05:00:00Z" });
    expect(merged.sinks[1]!["lastError"]).toEqual({ message: "failed 2", at: "2026-12-02T05:30:00Z" });
    expect(merged.sinks[1]!["lastConnectedAt"]).toBe("2026-12-02T05:30:00Z");
  });

  it("takes reloads from the first worker (each reloads the same file) and enabled only when enabled in all", () => {
    const reloads = { ok: 2, refused: 1, lastOutcome: "ok" };
    expect(
      mergeStats([
        { reloads, groups: { acl: { enabled: true } } },
        { reloads, groups: { acl: { enabled: false } } },
      ]),
    ).toEqual({ reloads, groups: { acl: { enabled: false } } });
  });
});
