import { describe, expect, it } from "vitest";
import { percentileMs } from "./dashboard-feed.js";

describe("latency percentiles from histogram buckets", () => {
  it("interpolates inside the bucket the rank falls in", () => {
    const buckets = [
      { le: 1, count: 0 },
      { le: 2, count: 10 },
      { le: 5, count: 0 },
      { le: null, count: 0 },
    ];
    expect(percentileMs(buckets, 0.5)).toBeCloseTo(1.5);
    expect(percentileMs(buckets, 0.99)).toBeCloseTo(1.99);
  });

  it("finds the slow tail in a later bucket", () => {
    const buckets = [
      { le: 0.1, count: 98 },
      { le: 1, count: 0 },
      { le: 10, count: 2 },
      { le: null, count: 0 },
    ];
    expect(percentileMs(buckets, 0.5)).toBeLessThanOrEqual(0.1);
    expect(percentileMs(buckets, 0.99)).toBeGreaterThan(1);
    expect(percentileMs(buckets, 0.99)).toBeLessThanOrEqual(10);
  });

  it("reports the open last bucket's lower bound, and null without calls", () => {
    expect(
      percentileMs(
        [
          { le: 5, count: 0 },
          { le: null, count: 3 },
        ],
        0.99,
      ),
    ).toBe(5);
    expect(percentileMs([{ le: null, count: 0 }], 0.5)).toBeNull();
  });
});
