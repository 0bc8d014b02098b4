// The dispatcher without a port: decoded requests in, answers out, as a gRPC route would see them.
import { fromBinary } from "@bufbuild/protobuf";
import { v2 } from "@exhook/proto";
import { describe, expect, it } from "vitest";
import { createExhook, type ExhookOptions } from "./app.js";
import type { HookContext } from "./call.js";
import { continueWith, stopWith } from "./decision.js";
import { silentLogger } from "./logger.js";

const meta = { node: "emqx@n1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };
const authRequest = (username: string) => ({ clientinfo: { username, clientid: "c1" }, result: false, meta });
const publishRequest = (topic: string) => ({
  message: { topic, qos: 1, payload: new Uint8Array([104]), headers: { username: "u" }, timestamp: 1n },
  meta,
});

function app(options: ExhookOptions = {}) {
  return createExhook({ logger: silentLogger, ...options });
}

/** A bool answer as the broker decodes it. */
async function decided(answer: unknown) {
  const bytes = (await answer) as Uint8Array;
  const decoded = fromBinary(v2.ValuedResponseSchema, bytes);
  return {
    type: v2.ValuedResponse_ResponsedType[decoded.type],
    value: decoded.value.case === "boolResult" ? decoded.value.value : undefined,
  };
}

describe("the chain, sync and async in one loop", () => {
  it("runs handlers by priority, sync and async mixed, each seeing the value so far", async () => {
    const seen: string[] = [];
    const exhook = app()
      .authenticate({ priority: 1 }, async (event) => {
        seen.push(`async:${event.result}`);
        return continueWith(true);
      })
      .authenticate({ priority: 2 }, (event) => {
        seen.push(`first:${event.result}`);
        return undefined;
      })
      .authenticate((event) => {
        seen.push(`sync:${event.result}`);
        return continueWith(!event.result);
      });
    expect(await decided(exhook.dispatch("v2", "client.authenticate", authRequest("u")))).toEqual({
      type: "CONTINUE",
      value: false,
    });
    expect(seen).toEqual(["first:false", "async:false", "sync:true"]);
  });

  it("answers a sync-only chain without a promise", () => {
    const exhook = app().authenticate(() => stopWith(true));
    const answer = exhook.dispatch("v2", "client.authenticate", authRequest("u"));
    expect(answer).toBeInstanceOf(Uint8Array);
  });

  it("stops the chain when a handler stops; later handlers do not run", async () => {
    let later = false;
    const exhook = app()
      .authenticate(async () => stopWith(false))
      .authenticate(() => {
        later = true;
        return stopWith(true);
      });
    expect(await decided(exhook.dispatch("v2", "client.authenticate", authRequest("u")))).toEqual({
      type: "STOP_AND_RETURN",
      value: false,
    });
    expect(later).toBe(false);
  });

  it("answers by the policy at the deadline, aborts the handler's signal and counts a timeout", async () => {
    let signal: AbortSignal | undefined;
    const exhook = app({ hooks: { "client.authenticate": { timeoutMs: 20 } } }).authenticate(
      (_event, ctx) => {
        signal = ctx.signal;
        return new Promise(() => {});
      },
    );
    expect(await decided(exhook.dispatch("v2", "client.authenticate", authRequest("u")))).toEqual({
      type: "STOP_AND_RETURN",
      value: false,
    });
    expect(signal?.aborted).toBe(true);
    expect(exhook.stats().hooks["client.authenticate"]).toMatchObject({ calls: 1, timedOut: 1 });
  });

  it("keeps running a notification chain past a failing handler and counts the call failed", async () => {
    const ran: string[] = [];
    const exhook = app()
      .on("client.connected", async () => {
        ran.push("a");
        throw new Error("boom");
      })
      .on("client.connected", () => {
        ran.push("b");
      });
    const answer = await exhook.dispatch("v2", "client.connected", { clientinfo: { clientid: "c" }, meta });
    expect(answer).toEqual(new Uint8Array(0));
    expect(ran).toEqual(["a", "b"]);
    expect(exhook.stats().hooks["client.connected"]).toMatchObject({ calls: 1, failed: 1, ok: 0 });
  });

  it("answers a hook nobody handles with the constant, and counts it", () => {
    const exhook = app();
    const answer = exhook.dispatch("v2", "message.publish", publishRequest("t"));
    expect(answer).toBeInstanceOf(Uint8Array);
    expect(exhook.stats().hooks["message.publish"]).toMatchObject({ calls: 1, ok: 1 });
  });

  it("gives handlers the earlier of the hook's budget and the caller's deadline", () => {
    let ctx: HookContext | undefined;
    const exhook = app({ timeoutMs: 60_000 }).on("client.connected", (_event, c) => {
      ctx = c;
    });
    const callerDeadline = Date.now() + 1_000;
    const caller = { deadline: callerDeadline, signal: new AbortController().signal };
    exhook.dispatch("v2", "client.connected", { clientinfo: {}, meta }, caller);
    expect(ctx?.deadline).toBeLessThanOrEqual(callerDeadline);
    expect(ctx?.deadline).toBeGreaterThan(callerDeadline - 1_000);
    expect(ctx).toMatchObject({ hook: "client.connected", version: "v2", meta });
  });

  it("refuses a hook the protocol version does not have", () => {
    expect(() => app().dispatch("v2", "client.nope" as never, {})).toThrow(/no hook "client.nope"/);
  });
});
