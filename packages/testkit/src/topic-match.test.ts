// The test kit's own topic matching agrees with MQTT's rules (and so with the broker it plays).
import { describe, expect, it } from "vitest";
import { matcherOf, topicMatches } from "./topic-match.js";

describe("topicMatches", () => {
  it.each([
    ["a/b", "a/b", true],
    ["a/+", "a/b", true],
    ["a/+", "a/b/c", false],
    ["a/#", "a", true],
    ["a/#", "a/b/c", true],
    ["+/b", "a/b", true],
    ["#", "$SYS/x", false],
    ["+/x", "$SYS/x", false],
    ["$SYS/#", "$SYS/x", true],
    ["$share/g/a/+", "a/b", true],
    ["$queue/a/#", "a/b", true],
    ["a/+/c", "a//c", true],
    ["a/b", "a/b/", false],
  ])("%s against %s: %s", (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it("matches any of several filters, and everything with none", () => {
    expect(matcherOf(["x/#", "y"])("y")).toBe(true);
    expect(matcherOf(["x/#", "y"])("z")).toBe(false);
    expect(matcherOf([])("anything")).toBe(true);
  });
});
