import { expect, it } from "vitest";
import { Histogram } from "./histogram.js";

it("counts each value in the first bucket whose bound it does not exceed, and keeps count and sum", () => {
  const histogram = new Histogram([1, 10]);
  for (const value of [0, 1, 1.5, 10, 11, 1000]) histogram.observe(value);
  expect(histogram.snapshot()).toEqual({
    count: 6,
    sumMs: 1023.5,
    buckets: [
      { le: 1, count: 2 },
      { le: 10, count: 2 },
      { le: null, count: 2 }, // the open bucket: JSON has no Infinity
    ],
  });
});
