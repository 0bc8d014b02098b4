import { describe, expect, it, vi } from "vitest";
import { silentLogger } from "../logger.js";
import { Backoff, retryDelay } from "./backoff.js";
import { SinkError } from "./errors.js";
import { SinkLifecycle, SinkLifecycleError } from "./lifecycle.js";
import { sinkOptionsSchema } from "./options.js";
import { attempt, outcomeOf } from "./outcome.js";
import { publishEvent, publishInfo } from "./test-support/events.js";
import { RecordingSink } from "./test-support/recording-sink.js";
import { WakeUp } from "./wakeup.js";
import { SinkWorker } from "./worker.js";

describe("SinkLifecycle", () => {
  it("walks open, send, back off, close, and refuses a move the table does not list", () => {
    const life = new SinkLifecycle();
    expect(life.state).toBe("idle");
    for (const next of ["opening", "open", "sending", "backing-off", "sending", "open"] as const) {
      expect(life.to(next)).toBe(true);
    }
    expect(() => life.to("idle")).toThrow(SinkLifecycleError);
    expect(() => life.to("broken")).toThrow("cannot go from open to broken");
    expect(life.state).toBe("open");
  });

  it("lets shutting down win from any state and refuses later moves quietly", () => {
    const life = new SinkLifecycle();
    life.to("opening");
    expect(life.to("shutting-down")).toBe(true);
    expect(life.finished).toBe(true);
    // An open that resolves after the shutdown began must not bring the worker back.
    expect(life.to("open")).toBe(false);
    expect(life.to("shutting-down")).toBe(false);
    expect(life.to("closed")).toBe(true);
    expect(life.state).toBe("closed");
  });
});

describe("Backoff", () => {
  it("doubles from initialMs up to maxMs with jitter between half and all, and starts over on reset", () => {
    const limits = { initialMs: 100, maxMs: 1000 };
    const low = new Backoff(
      () => limits,
      () => 0,
    );
    expect([low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([50, 100, 200, 400, 500]);
    expect(low.failures).toBe(5);
    low.reset();
    expect(low.next()).toBe(50);
    const high = new Backoff(
      () => limits,
      () => 1,
    );
    expect([high.next(), high.next()]).toEqual([100, 200]);
  });

  it("reads the limits at each delay, so new retry options apply to the next wait", () => {
    let limits = { initialMs: 100, maxMs: 1000 };
    const backoff = new Backoff(
      () => limits,
      () => 1,
    );
    backoff.next();
    limits = { initialMs: 10, maxMs: 15 };
    expect(backoff.next()).toBe(15);
  });
});

describe("WakeUp", () => {
  it("wakes when enough records are offered, on now(), or at the timeout", async () => {
    const wake = new WakeUp();
    let woke = false;
    const waiting = wake.wait(3).then(() => {
      woke = true;
    });
    wake.offered(2);
    await Promise.resolve();
    expect(woke).toBe(false);
    wake.offered(3);
    await waiting;
    expect(wake.waiting).toBe(false);

    const forever = wake.wait(Number.POSITIVE_INFINITY);
    wake.offered(1_000_000);
    expect(wake.waiting).toBe(true);
    wake.now();
    await forever;

    vi.useFakeTimers();
    try {
      const timed = wake.wait(Number.POSITIVE_INFINITY, 50);
      vi.advanceTimersByTime(50);
      await timed;
      expect(wake.waiting).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("retryDelay", () => {
  it("waits what the target asked when longer than the backoff, bounded by maxMs", () => {
    expect(retryDelay(100, undefined, 30_000)).toBe(100);
    expect(retryDelay(100, 50, 30_000)).toBe(100);
    expect(retryDelay(100, 2000, 30_000)).toBe(2000);
    expect(retryDelay(100, 120_000, 30_000)).toBe(30_000);
    // A backoff already past maxMs (jitter never makes it so, but a reconfigure may lower maxMs) is kept.
    expect(retryDelay(500, 1000, 200)).toBe(500);
    expect(retryDelay(100, Number.NaN, 30_000)).toBe(100);
  });
});

describe("SinkOutcome", () => {
  it("classifies what a sink threw: retryable, fatal with or without delivered, anything else fatal", async () => {
    expect(await attempt(async () => {})).toEqual({ kind: "ok" });
    const away = new SinkError("away", { retryable: true });
    expect(outcomeOf(away)).toEqual({ kind: "retryable", error: away, delivered: 0 });
    const busy = new SinkError("429", { retryable: true, retryAfterMs: 1500 });
    expect(outcomeOf(busy)).toMatchObject({ kind: "retryable", retryAfterMs: 1500 });
    const poison = new SinkError("bad", { retryable: false, delivered: 2 });
    expect(outcomeOf(poison)).toEqual({ kind: "fatal", error: poison, delivered: 2 });
    const bug = new TypeError("x is undefined");
    expect(await attempt(async () => Promise.reject(bug))).toEqual({
      kind: "fatal",
      error: bug,
      delivered: undefined,
    });
  });
});

function worker(sink: RecordingSink, options: object = {}): SinkWorker {
  const resolved = sinkOptionsSchema.parse({ retry: { initialMs: 2, maxMs: 10 }, ...options });
  return new SinkWorker("w", "custom", undefined, sink, {}, resolved, silentLogger);
}

function offer(w: SinkWorker, payload: string): void {
  w.offer({ hook: "message.publish", event: publishEvent(payload, "t/1"), info: publishInfo() });
}

describe("SinkWorker states", () => {
  it("goes reconnecting after a retryable open failure (closing what it left), then open once the target is back", async () => {
    const sink = new RecordingSink();
    sink.down = true;
    const w = worker(sink);
    await w.start();
    expect(w.state).toBe("reconnecting");
    expect(sink.calls.close).toBe(1);
    offer(w, "a");
    await vi.waitFor(() => expect(sink.calls.open).toBeGreaterThan(2), { timeout: 10_000 });
    sink.down = false;
    await vi.waitFor(() => expect(sink.payloads).toEqual(["a"]), { timeout: 10_000 });
    expect(w.state).toBe("open");
    await w.stop();
    await w.finish(100);
    expect(w.state).toBe("closed");
    expect(sink.calls.close).toBe(sink.calls.open);
  });

  it("rejects start with the open error itself, closed and broken, when the open is fatal", async () => {
    const sink = new RecordingSink();
    sink.openFails = "fatal";
    const w = worker(sink);
    await expect(w.start()).rejects.toThrow("cannot open");
    expect(w.state).toBe("broken");
    expect(sink.calls.close).toBe(1);
  });

  it("backs off a refused batch while open, and is open again once it went", async () => {
    const sink = new RecordingSink();
    const w = worker(sink, { retry: { initialMs: 50, maxMs: 50 } });
    await w.start();
    sink.down = true;
    offer(w, "a");
    await vi.waitFor(() => expect(w.state).toBe("backing-off"), { timeout: 10_000 });
    sink.down = false;
    await vi.waitFor(() => expect(sink.payloads).toEqual(["a"]), { timeout: 10_000 });
    await vi.waitFor(() => expect(w.state).toBe("open"), { timeout: 10_000 });
    expect(w.stats().recordsFailed).toBeGreaterThan(0);
    await w.stop();
    await w.finish(100);
  });
});
