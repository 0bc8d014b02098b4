// End to end: a fake EMQX (the testkit) publishes through an exhook server whose publish hook goes to a real
// local webhook with `buffer: "disk"`; the webhook is closed mid-stream (its connections destroyed) and started
// again on the same port. Every hook call is answered meanwhile, and every event arrives (at least once).
import { createExhook, silentLogger } from "@exhook/core";
import { createFakeBroker } from "@exhook/testkit";
import { describe, expect, it, vi } from "vitest";
import { sink } from "./http-sink.js";
import { Receiver, tempDir } from "./test-support/receiver.js";

describe("a publish hook posted to a webhook that stops mid-stream, with buffer: disk", () => {
  it("answers every hook call while the webhook is down, then delivers every event", async () => {
    const dir = await tempDir("exhook-http-e2e-");
    const receiver = await Receiver.start();
    const app = createExhook({ logger: silentLogger });
    await app.sink(
      "webhook",
      sink,
      { url: receiver.url("/events"), body: "array", timeoutMs: 2000 },
      {
        buffer: "disk",
        bufferDir: dir.path,
        batchSize: 10,
        lingerMs: 5,
        retry: { initialMs: 20, maxMs: 200 },
      },
    );
    app.route({ hooks: ["message.publish"], sinks: ["webhook"] });
    const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
    const broker = createFakeBroker({ url, version: "v3" });
    const total = 120;
    const distinct = () => new Set(receiver.accepted.map((r) => r.messageId)).size;
    try {
      await broker.load();
      const client = broker.client({ clientid: "dev1", username: "dev1" });
      await client.connect();
      const send = async (from: number, to: number) => {
        for (let i = from; i < to; i++)
          expect((await client.publish("t/1", String(i), { qos: 1 })).allowed).toBe(true);
      };
      await send(0, 20);
      await vi.waitFor(() => expect(distinct()).toBe(20), { timeout: 15_000 });

      // The webhook goes while events are flowing.
      const flowing = send(20, total);
      await vi.waitFor(() => expect(distinct()).toBeGreaterThanOrEqual(25), { timeout: 15_000 });
      await receiver.stop();
      await flowing; // every call answered while nothing can be delivered: the hook never waits on the sink
      expect(broker.failures).toEqual([]);
      const stats = () => app.sinks!.sinkStats("webhook");
      await vi.waitFor(() => expect(stats().status).toBe("disconnected"), { timeout: 15_000 });
      expect(distinct()).toBeLessThan(total);

      await receiver.start();
      await vi.waitFor(() => expect(distinct()).toBe(total), { timeout: 20_000 });
      await vi.waitFor(() => expect(stats().recordsOut).toBe(total), { timeout: 15_000 });
      const after = stats();
      expect(after.recordsIn).toBe(total);
      expect(Object.values(after.dropped).reduce((a, b) => a + b, 0)).toBe(0);
      // In order: each payload after the one before it (a redelivered batch may repeat some).
      const seen: number[] = [];
      for (const r of receiver.accepted) {
        const n = Number(r.payload);
        if (!seen.includes(n)) seen.push(n);
      }
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
    } finally {
      broker.close();
      await app.close({ deadlineMs: 500 });
      await receiver.stop();
      await dir.remove();
    }
  });
});
