import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SinkConfigError } from "../errors.js";
import type { Logger } from "../logger.js";
import { DiskBuffer, type DiskBufferOptions } from "./disk-buffer.js";

let dir: string;
const open: DiskBuffer[] = [];
let warnings: string[];
const logger: Logger = {
  error: (_o: unknown, msg?: string) => warnings.push(String(msg)),
  warn: (_o: unknown, msg?: string) => warnings.push(String(msg)),
  info() {},
  debug() {},
} as Logger;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "exhook-disk-buffer-"));
  warnings = [];
});
afterEach(() => {
  for (const b of open.splice(0)) b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function buffer(options: Partial<DiskBufferOptions> = {}): DiskBuffer {
  const b = new DiskBuffer({ dir, maxBytes: 1024 * 1024, fsyncIntervalMs: 0, ttlMs: 0, logger, ...options });
  open.push(b);
  return b;
}

/** A restart without close(): the process was killed (files as the page cache has them). */
function crashAndReopen(b: DiskBuffer, options: Partial<DiskBufferOptions> = {}): DiskBuffer {
  open.splice(open.indexOf(b), 1);
  b.abandon();
  return buffer(options);
}

function appendN(b: DiskBuffer, from: number, to: number, time = Date.now()): void {
  for (let i = from; i < to; i++)
    expect(b.append(JSON.stringify({ n: i, pad: "x".repeat(40) }), time)).toBe("ok");
}

function numbers(b: DiskBuffer, max: number): number[] {
  return b.read(max).records.map((r) => (r.record as { n: number }).n);
}

describe("DiskBuffer", () => {
  it("appends, reads batches in order, and keeps records until they are acknowledged", () => {
    const b = buffer();
    appendN(b, 0, 10);
    expect(b.length).toBe(10);
    expect(numbers(b, 4)).toEqual([0, 1, 2, 3]);
    expect(b.inFlight).toBe(4);
    b.ack(4);
    expect(b.length).toBe(6);
    expect(numbers(b, 100)).toEqual([4, 5, 6, 7, 8, 9]);
    b.ack(6);
    expect(b.length).toBe(0);
    expect(b.read(10).records).toEqual([]);
  });

  it("replays what was not acknowledged after a kill, in order, flagging what the sink may have had", () => {
    const b = buffer();
    appendN(b, 0, 20);
    expect(numbers(b, 5)).toEqual([0, 1, 2, 3, 4]);
    b.ack(5);
    const inFlight = b.read(3).records; // handed to the sink, then the process dies before the ack
    expect(inFlight.every((r) => !r.redelivered)).toBe(true);
    const again = crashAndReopen(b);
    expect(again.replayed).toBe(15);
    expect(again.length).toBe(15);
    const replay = again.read(100).records;
    expect(replay.map((r) => (r.record as { n: number }).n)).toEqual([...Array(15).keys()].map((i) => i + 5));
    expect(replay.filter((r) => r.redelivered).map((r) => (r.record as { n: number }).n)).toEqual([5, 6, 7]);
  });

  it("spans segments, deletes a segment once all of it is acknowledged, and survives a restart across them", () => {
    const b = buffer({ maxBytes: 64 * 1024, segmentBytes: 1024 });
    appendN(b, 0, 100);
    const segments = () => fs.readdirSync(dir).filter((f) => f.endsWith(".seg")).length;
    const before = segments();
    expect(before).toBeGreaterThan(3);
    expect(numbers(b, 50)).toHaveLength(50);
    b.ack(50);
    expect(segments()).toBeLessThan(before);
    b.close();
    open.splice(open.indexOf(b), 1);
    const again = buffer({ maxBytes: 64 * 1024, segmentBytes: 1024 });
    expect(numbers(again, 1000)).toEqual([...Array(50).keys()].map((i) => i + 50));
    appendN(again, 100, 110);
    expect(numbers(again, 1000)).toEqual([...Array(10).keys()].map((i) => i + 100));
  });

  it("refuses a record that does not fit maxBytes (drop-newest) and drops whole old segments for drop-oldest", () => {
    const b = buffer({ maxBytes: 4096, segmentBytes: 1024 });
    let n = 0;
    while (b.append(JSON.stringify({ n, pad: "x".repeat(40) }), Date.now()) === "ok") n++;
    expect(b.bytes).toBeLessThanOrEqual(4096);
    expect(b.length).toBe(n);
    // A batch is in flight; drop-oldest must keep it and drop the oldest segment after it.
    const batch = numbers(b, 2);
    expect(batch).toEqual([0, 1]);
    const dropped = b.dropOldestSegment();
    expect(dropped).toBeGreaterThan(0);
    expect(b.append(JSON.stringify({ n, pad: "x".repeat(40) }), Date.now())).toBe("ok");
    expect(b.length).toBe(n - dropped + 1);
    b.ack(2);
    const rest = numbers(b, 1000);
    // The rest of the in-flight segment, then a gap of `dropped` records, then the newest.
    expect(rest[rest.length - 1]).toBe(n);
    expect(rest.length).toBe(n - dropped + 1 - 2);
    expect(rest).toEqual([...rest].sort((x, y) => x - y));
  });

  it("cuts a torn last record at open, keeps everything before it, and appends cleanly after", () => {
    const b = buffer();
    appendN(b, 0, 5);
    const [segment] = fs.readdirSync(dir).filter((f) => f.endsWith(".seg"));
    const file = path.join(dir, segment!);
    const whole = fs.statSync(file).size;
    // A crash during the write of a sixth record: its header and half of its body reached the file.
    const torn = Buffer.alloc(40);
    torn.writeUInt32LE(200, 0);
    fs.appendFileSync(file, torn);
    const again = crashAndReopen(b);
    expect(again.truncatedBytes).toBe(40);
    expect(fs.statSync(file).size).toBe(whole);
    expect(warnings.some((w) => w.includes("torn"))).toBe(true);
    appendN(again, 5, 7);
    expect(numbers(again, 100)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("detects a corrupted record by its checksum and keeps the records before it", () => {
    const b = buffer();
    appendN(b, 0, 5);
    const [segment] = fs.readdirSync(dir).filter((f) => f.endsWith(".seg"));
    const file = path.join(dir, segment!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff; // a flipped byte in the last record's body
    fs.writeFileSync(file, bytes);
    const again = crashAndReopen(b);
    expect(again.length).toBe(4);
    expect(numbers(again, 100)).toEqual([0, 1, 2, 3]);
  });

  it("survives a corrupt commit file by replaying from the oldest segment (duplicates, no gaps)", () => {
    const b = buffer();
    appendN(b, 0, 6);
    numbers(b, 3);
    b.ack(3);
    fs.writeFileSync(path.join(dir, "commit"), "garbage");
    const again = crashAndReopen(b);
    expect(numbers(again, 100)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("skips and counts records older than ttlMs, acknowledging them with the others", () => {
    const b = buffer({ ttlMs: 60_000 });
    appendN(b, 0, 3, Date.now() - 120_000);
    appendN(b, 3, 5);
    const read = b.read(10);
    expect(read.expired).toBe(3);
    expect(read.records.map((r) => (r.record as { n: number }).n)).toEqual([3, 4]);
    b.ack(2);
    expect(b.length).toBe(0);
    const again = crashAndReopen(b);
    expect(again.length).toBe(0);
  });

  it("rewind hands the unacknowledged batch out again; clear drops all but the batch in flight", () => {
    const b = buffer({ segmentBytes: 512 });
    appendN(b, 0, 30);
    expect(numbers(b, 3)).toEqual([0, 1, 2]);
    b.rewind();
    expect(numbers(b, 3)).toEqual([0, 1, 2]);
    expect(b.clear()).toBe(27);
    expect(b.length).toBe(3);
    b.ack(3);
    expect(b.length).toBe(0);
    appendN(b, 30, 32);
    expect(numbers(b, 10)).toEqual([30, 31]);
    b.ack(2);
    const again = crashAndReopen(b, { segmentBytes: 512 });
    expect(again.length).toBe(0);
  });
});

describe("DiskBuffer's directory lock", () => {
  const lockFile = () => path.join(dir, "LOCK");

  /** A real process's pid: alive until the returned stop() (then gone, so a stale holder). */
  async function otherProcess(): Promise<{ pid: number; stop: () => Promise<void> }> {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await new Promise((resolve) => child.once("spawn", resolve));
    return {
      pid: child.pid!,
      stop: () =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    };
  }

  it("refuses a second buffer of this process on the same directory until the first closes", () => {
    const first = buffer();
    appendN(first, 0, 3);
    expect(() => buffer()).toThrow(SinkConfigError);
    expect(() => buffer()).toThrow(/"bufferDir" is in use: another sink of this process uses it/);
    first.close();
    open.splice(open.indexOf(first), 1);
    expect(fs.existsSync(lockFile())).toBe(false);
    expect(numbers(buffer(), 10)).toEqual([0, 1, 2]);
  });

  it("refuses a directory another live process holds, naming it; takes it over once that process is gone", async () => {
    const other = await otherProcess();
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(lockFile(), `${other.pid}@${os.hostname()}`);
      expect(() => buffer()).toThrow(new RegExp(`process ${other.pid} holds it`));
    } finally {
      await other.stop();
    }
    const b = buffer();
    appendN(b, 0, 2);
    expect(fs.readFileSync(lockFile(), "utf8")).toBe(`${process.pid}@${os.hostname()}`);
    expect(warnings).toEqual([]);
  });

  it("takes over a lock left by a kill (its own pid, as in a restarted container) and one from another host, with a warning", () => {
    const b = buffer();
    appendN(b, 0, 4);
    const again = crashAndReopen(b);
    expect(numbers(again, 10)).toEqual([0, 1, 2, 3]);
    again.abandon();
    open.splice(open.indexOf(again), 1);

    fs.writeFileSync(lockFile(), "4242@another-host");
    const moved = buffer();
    expect(moved.length).toBe(4);
    expect(warnings).toEqual([
      "disk buffer: taking over a lock written on another host (make sure that process is gone)",
    ]);
  });
});
