// Rewrite placeholders cannot be used to reach topics the client was not authorized for.
import { describe, expect, it } from "vitest";
import { Rewriter } from "./rewrite.js";

describe("a rewrite template with ${clientid} or ${username}", () => {
  const rewriter = new Rewriter([{ topic: "up", to: "devices/${clientid}/${username}" }]);

  it("fills plain names", () => {
    expect(rewriter.rewrite("up", { clientid: "d1", username: "ann" })).toBe("devices/d1/ann");
  });

  it("leaves the topic alone when a name holds '/', '+' or '#' (it would reach other devices' levels)", () => {
    expect(rewriter.rewrite("up", { clientid: "victim/cmd", username: "x" })).toBeUndefined();
    expect(rewriter.rewrite("up", { clientid: "d1", username: "a/b" })).toBeUndefined();
    expect(rewriter.rewrite("up", { clientid: "+", username: "x" })).toBeUndefined();
  });
});
