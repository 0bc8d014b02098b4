// The sink-name and route rules, and the hook spellings, that the runtime and the server's config share.
import { describe, expect, it } from "vitest";
import { expandHookPattern, hookNames, offerableHookNames } from "../hooks.js";
import { routeProblems, sinkNameProblem } from "./rules.js";

describe("sinkNameProblem", () => {
  it("takes letters, digits, '_', '.' and '-', starting with a letter or digit", () => {
    for (const good of ["a", "mqtt-1", "audit_log.v2", "9"]) expect(sinkNameProblem(good)).toBeUndefined();
    for (const bad of ["", "-a", "a b", "a/b", "ä", ".hidden"]) expect(sinkNameProblem(bad)).toBeDefined();
  });
});

describe("routeProblems", () => {
  it("names every problem with its part and index", () => {
    const problems = routeProblems(
      { hooks: ["client.connected", "client.nope"], topics: ["a/#", "b/#/c"], sinks: ["x", "y"] },
      (name) => name === "x",
    );
    expect(problems).toEqual([
      { key: "hooks", index: 1, message: 'unknown hook "client.nope"' },
      { key: "topics", index: 1, message: expect.stringContaining('topic filter "b/#/c"') },
      { key: "topics", message: 'topics apply to message.* hooks only, not to "client.connected"' },
      { key: "sinks", index: 1, message: 'no sink named "y"' },
    ]);
  });

  it("refuses empty hooks and sinks, and passes a good route", () => {
    expect(routeProblems({ hooks: [], sinks: [] }).map((p) => p.message)).toEqual([
      "hooks cannot be empty",
      "sinks cannot be empty",
    ]);
    expect(routeProblems({ hooks: ["message.publish"], topics: ["$share/g/t/#"], sinks: ["x"] })).toEqual([]);
  });
});

describe("hook names", () => {
  it("are the protocol table's, once", () => {
    expect(hookNames).toHaveLength(21);
    expect(offerableHookNames).not.toContain("provider.loaded");
    expect(expandHookPattern("client.check_acl")).toEqual(["client.authorize"]);
    expect(expandHookPattern("message.*")).toEqual([
      "message.publish",
      "message.delivered",
      "message.dropped",
      "message.acked",
    ]);
    expect(expandHookPattern("*")).toEqual(offerableHookNames);
    expect(expandHookPattern("nope.*")).toBeUndefined();
    expect(expandHookPattern("client.nope")).toBeUndefined();
  });
});
