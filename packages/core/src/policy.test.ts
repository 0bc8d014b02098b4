// The answer each way a chain can end gets, and the event the sinks then see.
import { fromBinary } from "@bufbuild/protobuf";
import { v2 } from "@exhook/proto";
import { describe, expect, it } from "vitest";
import type { Message } from "./events.js";
import { ChainOutcome } from "./outcome.js";
import { answerFor, resolvePolicy } from "./policy.js";

const closed = { timeoutMs: 1000, onFailure: "fail-closed" } as const;
const open = { timeoutMs: 1000, onFailure: "fail-open" } as const;

function bool(answer: unknown) {
  const decoded = fromBinary(v2.ValuedResponseSchema, answer as Uint8Array);
  return [
    v2.ValuedResponse_ResponsedType[decoded.type],
    decoded.value.case === "boolResult" ? decoded.value.value : undefined,
  ];
}

const message = (topic: string): Message => ({
  node: "n",
  id: "1",
  qos: 1,
  from: "c",
  topic,
  payload: new Uint8Array(),
  timestamp: 0n,
  headers: { username: "u" },
});

describe("answerFor", () => {
  it("answers what the chain decided", () => {
    const event = { result: true };
    expect(bool(answerFor("client.authenticate", "v2", event, ChainOutcome.Stopped, closed, false))).toEqual([
      "STOP_AND_RETURN",
      true,
    ]);
    expect(bool(answerFor("client.authorize", "v2", event, ChainOutcome.Continued, closed, false))).toEqual([
      "CONTINUE",
      true,
    ]);
    expect(bool(answerFor("client.authorize", "v2", event, ChainOutcome.Passed, closed, false))).toEqual([
      "IGNORE",
      undefined,
    ]);
  });

  it("denies a failed authenticate when fail-closed, and leaves false in the event for the sinks", () => {
    const event = { result: true }; // an earlier handler had continued with true
    expect(bool(answerFor("client.authenticate", "v2", event, ChainOutcome.Failed, closed, true))).toEqual([
      "STOP_AND_RETURN",
      false,
    ]);
    expect(event.result).toBe(false);
  });

  it("ignores a failed authorize when fail-open, and puts the broker's own result back", () => {
    const event = { result: true };
    expect(bool(answerFor("client.authorize", "v2", event, ChainOutcome.TimedOut, open, false))).toEqual([
      "IGNORE",
      undefined,
    ]);
    expect(event.result).toBe(false);
  });

  it("lets the broker's own message through when publish fails open, and gives it to the sinks", () => {
    const original = message("a");
    const event = { message: message("rewritten") };
    expect(bool(answerFor("message.publish", "v2", event, ChainOutcome.Failed, open, original))[0]).toBe(
      "IGNORE",
    );
    expect(event.message).toBe(original);
  });

  it("blocks the message as it stood when publish fails closed", () => {
    const event = { message: message("rewritten") };
    const answer = answerFor("message.publish", "v3", event, ChainOutcome.Failed, closed, message("a")) as {
      type: number;
      value: { value: Message };
    };
    expect(answer.type).toBe(v2.ValuedResponse_ResponsedType.STOP_AND_RETURN);
    expect(answer.value.value).toMatchObject({ topic: "rewritten", headers: { allow_publish: "false" } });
    expect(event.message).toBe(answer.value.value);
  });

  it("answers a notification hook with nothing, whatever happened", () => {
    expect(answerFor("client.connected", "v2", {}, ChainOutcome.Failed, open, undefined)).toEqual(
      new Uint8Array(0),
    );
  });
});

describe("resolvePolicy", () => {
  it("fails authentication and authorization closed and publish open by default", () => {
    expect(resolvePolicy("client.authenticate", undefined, 4000)).toEqual({
      timeoutMs: 4000,
      onFailure: "fail-closed",
    });
    expect(resolvePolicy("client.authorize", undefined, 4000).onFailure).toBe("fail-closed");
    expect(resolvePolicy("message.publish", undefined, 4000).onFailure).toBe("fail-open");
  });

  it("refuses a budget that is not a positive number", () => {
    expect(() => resolvePolicy("message.publish", { "message.publish": { timeoutMs: 0 } }, 4000)).toThrow(
      /positive/,
    );
  });
});
