import { describe, expect, it } from "vitest";
import { SinkLoadError, sinkSpecifier } from "./sink-loader.js";

const config = { from: "config" } as const;
const admin = { from: "admin" } as const;

describe("sinkSpecifier", () => {
  it("takes a bare word as @exhook/sink-<type> and any package name create-exhook would accept as it is", () => {
    expect(sinkSpecifier("mqtt", "/srv", config)).toBe("@exhook/sink-mqtt");
    for (const name of [
      "exhook-sink-kafka",
      "@acme/sink-s3",
      "sink_under",
      "~tilde-sink",
      "@my-org/-x",
      "a.b",
    ]) {
      expect(sinkSpecifier(name, "/srv", admin)).toBe(name);
    }
  });

  it("refuses URLs, built-ins, subpath-like and capitalised names, and local files from the admin API", () => {
    for (const type of [
      "data:text/javascript,1",
      "file:///x.js",
      "child_process",
      "node:fs",
      "_private",
      "Sink-X",
      "a/b/c",
    ]) {
      expect(() => sinkSpecifier(type, "/srv", admin), type).toThrow(SinkLoadError);
    }
    expect(() => sinkSpecifier("./mine.js", "/srv", admin)).toThrow(/local module/);
    expect(sinkSpecifier("./mine.js", "/srv", config)).toBe("file:///srv/mine.js");
  });
});
