import * as http2 from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { v2 } from "@exhook/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createExhook, type Exhook } from "../app.js";
import { silentLogger } from "../logger.js";
import { forEachTransport, sleep, startServer } from "./test-support/fixture.js";
import { connectRaw, frame, grpcHeaders, rawCall } from "./test-support/raw-http2.js";
import { unaryRoute } from "./types.js";

const publishPath = "/emqx.exhook.v2.HookProvider/OnMessagePublish";
const publish = (topic: string) =>
  frame(
    toBinary(v2.MessagePublishRequestSchema, create(v2.MessagePublishRequestSchema, { message: { topic } })),
  );

const sessions: http2.ClientHttp2Session[] = [];
const apps: Exhook[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  await Promise.all(apps.splice(0).map((app) => app.close({ deadlineMs: 500 })));
});

async function session(port: number): Promise<http2.ClientHttp2Session> {
  const s = await connectRaw(port);
  sessions.push(s);
  return s;
}

/** Collects the process warnings emitted while `body` runs. */
async function warningsDuring(body: () => Promise<void>): Promise<string[]> {
  const names: string[] = [];
  const onWarning = (warning: Error) => names.push(warning.name);
  process.on("warning", onWarning);
  try {
    await body();
    await sleep(20); // warnings are emitted on a later tick
  } finally {
    process.off("warning", onWarning);
  }
  return names;
}

forEachTransport(() => {
  describe("grpc-timeout", () => {
    it("keeps a timeout beyond setTimeout's range: no DEADLINE_EXCEEDED at once, no overflow warning", async () => {
      const { port } = await startServer({
        routes: [
          unaryRoute(v2.HookProvider.method.onMessagePublish, async (request) => {
            await sleep(30);
            return create(v2.ValuedResponseSchema, { value: { case: "message", value: request.message! } });
          }),
        ],
      });
      const s = await session(port);
      const warnings = await warningsDuring(async () => {
        // 597 hours is just past 2^31-1 ms; 99999999H is the largest value the header allows.
        for (const timeout of ["597H", "2147484S", "99999999H"]) {
          const answer = await rawCall(s, grpcHeaders(publishPath, { "grpc-timeout": timeout }), [
            publish("t"),
          ]);
          expect(answer.status).toBe(0);
        }
      });
      expect(warnings).not.toContain("TimeoutOverflowWarning");
    });

    it("is enforced from the HEADERS frame on: a request still arriving gets DEADLINE_EXCEEDED", async () => {
      let handled = 0;
      const { port } = await startServer({
        routes: [
          unaryRoute(v2.HookProvider.method.onMessagePublish, () => {
            handled++;
            return create(v2.ValuedResponseSchema);
          }),
        ],
      });
      const s = await session(port);
      const stream = s.request(grpcHeaders(publishPath, { "grpc-timeout": "1S" }));
      stream.on("error", () => {});
      let answer: http2.IncomingHttpHeaders | undefined;
      stream.on("response", (headers) => {
        answer = headers;
      });
      const whole = publish("never/finished");
      stream.write(whole.subarray(0, whole.length - 3)); // and never the rest, nor the end of the stream
      await vi.waitFor(() => expect(answer).toBeDefined(), { timeout: 15_000, interval: 20 });
      expect(answer?.["grpc-status"]).toBe(String(Code.DeadlineExceeded));
      expect(handled).toBe(0);
      // The connection serves on.
      const next = await rawCall(s, grpcHeaders(publishPath, { "grpc-timeout": "5S" }), [publish("next")]);
      expect(next.status).toBe(0);
    });
  });
});

describe("the app's counters count what the broker got", () => {
  async function app(handler: () => Promise<void>) {
    const exhook = createExhook({ logger: silentLogger });
    apps.push(exhook);
    exhook.publish(async () => {
      await handler();
      return undefined;
    });
    const { port } = await exhook.listen({ port: 0, host: "127.0.0.1" });
    return { exhook, s: await session(port) };
  }

  it("counts a call with a 597H grpc-timeout as answered ok, as the broker got it", async () => {
    const { exhook, s } = await app(() => sleep(20));
    const answer = await rawCall(s, grpcHeaders(publishPath, { "grpc-timeout": "597H" }), [publish("t")]);
    expect(answer.status).toBe(0);
    expect(exhook.stats().hooks["message.publish"]).toMatchObject({ calls: 1, ok: 1, timedOut: 0 });
  });

  it("does not count as ok a call the broker gave up on before the handler decided", async () => {
    let started = false;
    let release: () => void = () => {};
    const { exhook, s } = await app(
      () =>
        new Promise<void>((resolve) => {
          started = true;
          release = resolve;
        }),
    );
    const stream = s.request(grpcHeaders(publishPath, { "grpc-timeout": "5S" }));
    stream.on("error", () => {});
    stream.end(publish("t"));
    await vi.waitFor(() => expect(started).toBe(true), { timeout: 10_000, interval: 5 });
    stream.close(http2.constants.NGHTTP2_CANCEL);
    await new Promise((resolve) => stream.once("close", resolve));
    await sleep(20); // the server sees the reset
    release();
    await vi.waitFor(
      () => expect(exhook.stats().hooks["message.publish"]).toMatchObject({ calls: 1, ok: 0, timedOut: 1 }),
      { timeout: 10_000, interval: 5 },
    );
  });
});
