// Every error core throws carries a code a caller can switch on (the admin API maps codes, not classes).
import { describe, expect, it } from "vitest";
import { createExhook } from "./app.js";
import { DriverRegistry } from "./drivers.js";
import { type ExhookErrorCode, isExhookError } from "./errors.js";
import { silentLogger } from "./logger.js";
import { resolvePolicy } from "./policy.js";
import { SinkRuntime } from "./sink/runtime.js";
import type { Sink } from "./sink/sink.js";
import { compileTemplate } from "./sink/template.js";
import { TopicMatcher } from "./topic-filter.js";

function codeOf(thunk: () => unknown): ExhookErrorCode | undefined {
  try {
    thunk();
  } catch (error) {
    expect(isExhookError(error), String(error)).toBe(true);
    return isExhookError(error) ? error.code : undefined;
  }
  throw new Error("did not throw");
}

async function asyncCodeOf(thunk: () => Promise<unknown>): Promise<ExhookErrorCode | undefined> {
  try {
    await thunk();
  } catch (error) {
    expect(isExhookError(error), String(error)).toBe(true);
    return isExhookError(error) ? error.code : undefined;
  }
  throw new Error("did not reject");
}

const quietSink = (): Sink => ({
  async open() {},
  async collect() {},
  async close() {},
});

describe("error codes", () => {
  it("registration errors", () => {
    const app = createExhook({ logger: silentLogger });
    expect(codeOf(() => app.on("client.connected", undefined as never))).toBe("invalid_handler");
    expect(codeOf(() => app.on("client.nope" as never, (() => {}) as never))).toBe("unknown_hook");
    expect(codeOf(() => app.on("client.connected", { topics: ["a"] } as never, (() => {}) as never))).toBe(
      "invalid_topic_filter",
    );
    expect(codeOf(() => app.on("message.publish", { topics: ["a/#/b"] }, () => {}))).toBe(
      "invalid_topic_filter",
    );
    expect(codeOf(() => new TopicMatcher<number>().add("a/#/b", 1))).toBe("invalid_topic_filter");
    expect(codeOf(() => resolvePolicy("message.publish", { "message.publish": { timeoutMs: -1 } }, 1))).toBe(
      "invalid_option",
    );
    expect(codeOf(() => compileTemplate("${"))).toBe("invalid_template");
  });

  it("driver and sink errors", async () => {
    const drivers = new DriverRegistry();
    expect(codeOf(() => drivers.enable("none"))).toBe("driver_not_found");
    const runtime = new SinkRuntime({ drivers });
    await runtime.addSink("a", quietSink(), {});
    expect(await asyncCodeOf(() => runtime.addSink("a", quietSink(), {}))).toBe("name_taken");
    expect(await asyncCodeOf(() => runtime.addSink("a b", quietSink(), {}))).toBe("invalid_name");
    expect(await asyncCodeOf(() => runtime.addSink("b", quietSink(), {}, { maxQueue: -1 }))).toBe(
      "invalid_property",
    );
    expect(codeOf(() => runtime.addRoute({ hooks: [], sinks: ["a"] }))).toBe("invalid_route");
    expect(codeOf(() => runtime.addRoute({ hooks: ["client.connected"], sinks: ["zz"] }))).toBe(
      "sink_not_found",
    );
    expect(await asyncCodeOf(() => runtime.reconfigure("zz", {}))).toBe("sink_not_found");
    await runtime.close();
    expect(await asyncCodeOf(() => runtime.addSink("c", quietSink(), {}))).toBe("closed");
  });

  it("serving errors", async () => {
    const app = createExhook({ logger: silentLogger });
    const listening = app.listen({ port: 0, host: "127.0.0.1" });
    expect(await asyncCodeOf(() => app.listen({ port: 0, host: "127.0.0.1" }))).toBe("already_listening");
    await listening;
    await app.close();
  });
});
