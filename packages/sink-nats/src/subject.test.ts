import { describe, expect, it } from "vitest";
import { defaultStreamSubjects, filterCovers, filterProblem, publishSubjectProblem } from "./subject.js";

describe("subjects", () => {
  it("covers a template by its literal tokens before the first field", () => {
    expect(defaultStreamSubjects("exhook.${hook}.${clientid}")).toEqual(["exhook.>"]);
    expect(defaultStreamSubjects("iot.events.${clientid}")).toEqual(["iot.events.>"]);
    expect(defaultStreamSubjects("iot.ev-${hook}")).toEqual(["iot.>"]);
    expect(defaultStreamSubjects("fixed.subject")).toEqual(["fixed.subject"]);
    expect(defaultStreamSubjects("${hook}.x")).toBeUndefined();
    expect(defaultStreamSubjects("ev-${hook}")).toBeUndefined();
  });

  it("tells which filters cover which", () => {
    expect(filterCovers("a.>", "a.b.c")).toBe(true);
    expect(filterCovers("a.>", "a.>")).toBe(true);
    expect(filterCovers(">", "a.*")).toBe(true);
    expect(filterCovers("a.*", "a.b")).toBe(true);
    expect(filterCovers("a.*", "a.>")).toBe(false);
    expect(filterCovers("a.*", "a.b.c")).toBe(false);
    expect(filterCovers("a.>", "a")).toBe(false);
    expect(filterCovers("a.b", "a.c")).toBe(false);
  });

  it("refuses subjects a publish cannot use, and bad stream filters", () => {
    expect(publishSubjectProblem("exhook.message.publish.dev1")).toBeUndefined();
    expect(publishSubjectProblem("a/b#.c")).toBeUndefined();
    expect(publishSubjectProblem("")).toBe("is empty");
    expect(publishSubjectProblem("a.b c")).toBe("contains whitespace");
    expect(publishSubjectProblem("a..b")).toMatch(/empty token/);
    expect(publishSubjectProblem("a.")).toMatch(/empty token/);
    expect(publishSubjectProblem("a.>")).toMatch(/wildcard/);
    expect(publishSubjectProblem("a.*.b")).toMatch(/wildcard/);
    expect(filterProblem("a.>")).toBeUndefined();
    expect(filterProblem("a.>.b")).toMatch(/last token/);
    expect(filterProblem("a..b")).toMatch(/empty token/);
  });
});
