import { describe, expect, it } from "vitest";
import {
  compileTopicFilters,
  stripSharePrefix,
  TopicMatcher,
  topicFilterProblem,
  topicMatches,
} from "./topic-filter.js";

// The examples of MQTT 3.1.1 §4.7 and MQTT 5 §4.7, as [filter, topic, matches].
const specExamples: [string, string, boolean][] = [
  ["sport/tennis/player1/#", "sport/tennis/player1", true],
  ["sport/tennis/player1/#", "sport/tennis/player1/ranking", true],
  ["sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true],
  ["sport/#", "sport", true],
  ["#", "sport/tennis", true],
  ["sport/tennis/+", "sport/tennis/player1", true],
  ["sport/tennis/+", "sport/tennis/player2", true],
  ["sport/tennis/+", "sport/tennis/player1/ranking", false],
  ["sport/+", "sport", false],
  ["sport/+", "sport/", true],
  ["+/+", "/finance", true],
  ["/+", "/finance", true],
  ["+", "/finance", false],
  ["#", "$SYS/broker/clients", false],
  ["+/monitor/Clients", "$SYS/monitor/Clients", false],
  ["$SYS/#", "$SYS/monitor/Clients", true],
  ["$SYS/monitor/+", "$SYS/monitor/Clients", true],
  ["sport/tennis", "sport/tennis", true],
  ["sport/tennis", "sport/Tennis", false],
  ["sport/tennis", "sport/tennis/", false],
  ["+/tennis/#", "sport/tennis", true],
  ["$share/g1/sport/#", "sport/tennis", true],
  ["$queue/sport/+", "sport/x", true],
];

describe("topic filters", () => {
  it.each(specExamples)("%s against %s → %s (single filter)", (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
    expect(compileTopicFilters([filter])(topic)).toBe(expected);
  });

  it.each(specExamples)("%s against %s → %s (trie)", (filter, topic, expected) => {
    const matcher = new TopicMatcher<string>();
    matcher.add(filter, "v");
    expect(matcher.match(topic)).toEqual(expected ? ["v"] : []);
  });

  it("an empty filter list takes every topic", () => {
    expect(compileTopicFilters([])("$SYS/x")).toBe(true);
  });

  it("matches any of several filters", () => {
    const matches = compileTopicFilters(["a/+", "b/#"]);
    expect([matches("a/1"), matches("b"), matches("c/1"), matches("a/1/2")]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("rejects malformed filters with the reason", () => {
    expect(topicFilterProblem("a/#/b")).toMatch(/last/);
    expect(topicFilterProblem("a/b+")).toMatch(/whole level/);
    expect(topicFilterProblem("")).toMatch(/empty/);
    expect(topicFilterProblem("a/+/#")).toBeUndefined();
    expect(() => new TopicMatcher().add("x#", 1)).toThrow(/invalid topic filter "x#"/);
  });

  it("strips shared-subscription prefixes", () => {
    expect(stripSharePrefix("$share/group/a/b")).toBe("a/b");
    expect(stripSharePrefix("$queue/a")).toBe("a");
    expect(stripSharePrefix("$SYS/a")).toBe("$SYS/a");
  });

  it("returns each value once, keeps $ topics from leading wildcards, and forgets removed filters", () => {
    const matcher = new TopicMatcher<string>();
    matcher.add("a/#", "x");
    matcher.add("a/+", "x");
    matcher.add("#", "all");
    matcher.add("$SYS/#", "sys");
    matcher.add("#", "sys");
    expect(matcher.match("a/b").sort()).toEqual(["all", "sys", "x"]);
    expect(matcher.match("$SYS/uptime")).toEqual(["sys"]);
    matcher.remove("a/#", "x");
    expect(matcher.match("a/b").sort()).toEqual(["all", "sys", "x"]);
    matcher.remove("a/+", "x");
    expect(matcher.match("a/b").sort()).toEqual(["all", "sys"]);
    expect(matcher.size).toBe(3);
  });
});
