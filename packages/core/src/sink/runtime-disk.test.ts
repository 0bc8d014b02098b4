// The runtime with `buffer: disk`: records survive a target outage and a restart of the runtime, in order.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SinkConfigError } from "./errors.js";
import { SinkRuntime } from "./runtime.js";
import { publishEvent, publishInfo } from "./test-support/events.js";
import { RecordingSink } from "./test-support/recording-sink.js";

let dataDir: string;
const runtimes: SinkRuntime[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "exhook-sink-disk-"));
});
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close({ deadlineMs: 100 });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const fast = { retry: { initialMs: 2, maxMs: 10 } };

function runtime(): SinkRuntime {
  const r = new SinkRuntime({ dataDir });
  runtimes.push(r);
  return r;
}

function publishN(r: SinkRuntime, from: number, to: number): void {
  for (let i = from; i < to; i++) r.publish("message.publish", publishEvent(String(i), "t/1"), publishInfo());
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => String(from + i));
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("SinkRuntime with buffer: disk", () => {
  it("keeps records across a target outage and a restart, then delivers them in order", async () => {
    const first = runtime();
    const away = new RecordingSink();
    await first.addSink("bridge", away, {}, { ...fast, buffer: "disk", batchSize: 10 });
    first.addRoute({ hooks: ["message.publish"], sinks: ["bridge"] });
    away.down = true; // open, then the target goes: the first batch is handed to the sink and fails
    publishN(first, 0, 300);
    await until(() => away.calls.collect > 1, "a retried batch");
    expect(fs.readdirSync(path.join(dataDir, "sinks", "bridge")).some((f) => f.endsWith(".seg"))).toBe(true);
    const before = first.sinkStats("bridge");
    expect(before.buffer).toBe("disk");
    expect(before.bufferBytes).toBeGreaterThan(0);
    await first.close({ deadlineMs: 50 });

    const second = runtime();
    const back = new RecordingSink();
    await second.addSink("bridge", back, {}, { ...fast, buffer: "disk", batchSize: 10 });
    second.addRoute({ hooks: ["message.publish"], sinks: ["bridge"] });
    publishN(second, 300, 310);
    await back.waitFor(310);
    expect(back.payloads).toEqual(range(0, 310));
    await until(() => second.sinkStats("bridge").recordsOut === 310, "the acknowledgments");
    const stats = second.sinkStats("bridge");
    expect(stats.recordsIn).toBe(310);
    expect(stats.recordsOut).toBe(310);
    expect(stats.dropped.shutdown).toBe(0);
    // The batch the first runtime was retrying had gone to its sink: it may have arrived, so it counts.
    expect(stats.redelivered).toBe(10);
  });

  it("drops by the overflow policy when maxBufferBytes is reached, counts it, and never throws", async () => {
    const r = runtime();
    const away = new RecordingSink();
    away.down = true;
    await r.addSink("tiny", away, {}, { ...fast, buffer: "disk", maxBufferBytes: 8192 });
    r.addRoute({ hooks: ["message.publish"], sinks: ["tiny"] });
    publishN(r, 0, 200);
    const stats = r.sinkStats("tiny");
    expect(stats.bufferBytes).toBeLessThanOrEqual(8192);
    expect(stats.dropped.queue_full).toBeGreaterThan(0);
    expect(stats.recordsIn).toBe(
      stats.recordsOut + stats.dropped.queue_full + stats.dropped.fatal + stats.queueLength + stats.inFlight,
    );
    away.down = false;
    await until(() => r.sinkStats("tiny").recordsOut === 200 - stats.dropped.queue_full, "the rest to go");
    // drop-newest: the first records are kept, in order.
    expect(away.payloads).toEqual(range(0, away.payloads.length));
  });

  it("needs a directory: bufferDir, or the runtime's dataDir; two sinks cannot share one", async () => {
    const bare = new SinkRuntime();
    runtimes.push(bare);
    await expect(bare.addSink("a", new RecordingSink(), {}, { buffer: "disk" })).rejects.toThrow(
      SinkConfigError,
    );
    const r = runtime();
    const dir = path.join(dataDir, "shared");
    await r.addSink("a", new RecordingSink(), {}, { buffer: "disk", bufferDir: dir });
    await expect(r.addSink("b", new RecordingSink(), {}, { buffer: "disk", bufferDir: dir })).rejects.toThrow(
      /already/,
    );
    await expect(r.reconfigure("a", {}, { buffer: "memory" })).rejects.toThrow(/cannot change/);
  });
});
