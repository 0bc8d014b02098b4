import { execFileSync } from "node:child_process";
import { closeSync, constants, createReadStream, openSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HookEvents, silentLogger } from "@exhook/core";
import { type EventRecord, SinkConfigError, SinkError, SinkRuntime } from "@exhook/core/sink";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LogSink, logSinkProps, sink } from "./log-sink.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };
const info = () => ({ version: "v2" as const, meta, time: Date.now() });

function connected(clientid: string): HookEvents["client.connected"] {
  return {
    clientinfo: {
      node: "emqx@127.0.0.1",
      clientid,
      username: "alice",
      password: "s3cret",
      peerhost: "10.0.0.7",
      peerport: 1,
      sockport: 1883,
      protocol: "mqtt",
      mountpoint: "",
      isSuperuser: false,
      anonymous: false,
      cn: "",
      dn: "",
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "exhook-sink-log-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("@exhook/sink-log", () => {
  it("writes one JSON line per record to a file, in order, flushed on close", async () => {
    const path = join(dir, "nested", "events.log");
    const runtime = new SinkRuntime();
    await runtime.addSink("log", sink, { destination: path, message: "${hook} ${clientid}" });
    runtime.addRoute({ hooks: ["client.connected"], sinks: ["log"] });
    for (let i = 0; i < 100; i++) runtime.publish("client.connected", connected(`c${i}`), info());
    await runtime.close({ deadlineMs: 2000 });
    const out = await lines(path);
    expect(out).toHaveLength(100);
    expect(out.map((l) => l["clientid"])).toEqual(Array.from({ length: 100 }, (_, i) => `c${i}`));
    expect(out[0]).toMatchObject({
      level: 30,
      msg: "client.connected c0",
      hook: "client.connected",
      node: meta.node,
    });
    expect(out[0]).not.toHaveProperty("pid");
    expect(await readFile(path, "utf8")).not.toContain("s3cret");
  });

  it("keeps only the fields asked for, at the level asked for", async () => {
    const path = join(dir, "fields.log");
    const runtime = new SinkRuntime();
    await runtime.addSink("log", sink, { destination: path, fields: "hook,clientid", level: "warn" });
    runtime.addRoute({ hooks: ["client.connected"], sinks: ["log"] });
    runtime.publish("client.connected", connected("only"), info());
    await runtime.close();
    expect(await lines(path)).toEqual([
      { level: 40, hook: "client.connected", clientid: "only", msg: "client.connected" },
    ]);
  });

  it("redacts password by default and any configured keys or paths", async () => {
    const ctx = {
      name: "log",
      logger: silentLogger,
      signal: new AbortController().signal,
      reportStatus: () => {},
    };
    const record = {
      hook: "client.connected",
      time: "t",
      node: "n",
      clientid: "c",
      username: "alice",
      peerhost: "10.0.0.7",
      version: "v2",
      meta,
      password: "top",
      headers: { password: "nested", token: "tk" },
    } as unknown as EventRecord;
    const byDefault = join(dir, "redact-default.log");
    const a = new LogSink(logSinkProps.parse({ destination: byDefault }));
    await a.open(ctx);
    await a.collect(ctx, [record]);
    await a.close(ctx);
    expect((await lines(byDefault))[0]).toMatchObject({
      password: "[redacted]",
      headers: { password: "[redacted]" },
    });
    const custom = join(dir, "redact-custom.log");
    const b = new LogSink(logSinkProps.parse({ destination: custom, redact: ["username", "headers.token"] }));
    await b.open(ctx);
    await b.collect(ctx, [record]);
    await b.close(ctx);
    expect((await lines(custom))[0]).toMatchObject({
      username: "[redacted]",
      password: "top",
      headers: { token: "[redacted]", password: "nested" },
    });
  });

  it("writes pino-pretty text when format is pretty", async () => {
    const path = join(dir, "pretty.log");
    const runtime = new SinkRuntime();
    await runtime.addSink("log", sink, { destination: path, format: "pretty" });
    runtime.addRoute({ hooks: ["client.connected"], sinks: ["log"] });
    runtime.publish("client.connected", connected("pretty-client"), info());
    await runtime.close();
    const text = await readFile(path, "utf8");
    expect(text).toContain("INFO");
    expect(text).toContain("client.connected");
    expect(text).toContain('clientid: "pretty-client"');
    expect(() => JSON.parse(text)).toThrow();
  });

  it("holds no backlog behind a destination that does not read: the overflow is counted as dropped", async () => {
    // A named pipe with a reader that never reads: the kernel takes 64 KiB, then the destination is stuck.
    const fifo = join(dir, "stuck.fifo");
    execFileSync("mkfifo", [fifo]);
    const idleReader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const runtime = new SinkRuntime();
    await runtime.addSink("log", sink, { destination: fifo });
    runtime.addRoute({ hooks: ["client.connected"], sinks: ["log"] });
    const lineBytes = `${JSON.stringify({ level: 30, ...connected("c00000") })}\n`.length;
    // 8 MiB of lines, published in steps so the sink gets turns as it would between hook calls.
    const published = Math.ceil((8 * 1024 * 1024) / lineBytes);
    for (let i = 0; i < published; i++) {
      runtime.publish("client.connected", connected(`c${String(i).padStart(5, "0")}`), info());
      if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(() => expect(runtime.sinkStats("log").dropped.queue_full).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    const stuck = runtime.sinkStats("log");
    // Unbounded, pino took every line and all 8 MiB waited in SonicBoom's buffer (400 MB of heap in 30 s at
    // 8x16 behind a slow stdout), nothing dropped. Now what went out fits in the pipe (64 KiB) and a batch.
    expect(stuck.recordsOut * lineBytes).toBeLessThan(256 * 1024);
    expect(stuck.recordsOut + stuck.queueLength + stuck.inFlight + stuck.dropped.queue_full).toBe(published);

    // Once someone reads, what was accepted is written, in order.
    const text: string[] = [];
    const reader = createReadStream(fifo, { encoding: "utf8" });
    reader.on("data", (chunk) => text.push(String(chunk)));
    const ended = new Promise<void>((resolve) => reader.once("end", () => resolve()));
    await vi.waitFor(
      () => {
        const now = runtime.sinkStats("log");
        expect(now.queueLength + now.inFlight).toBe(0);
      },
      { timeout: 10_000 },
    );
    const out = runtime.sinkStats("log").recordsOut;
    await runtime.close({ deadlineMs: 10_000 });
    await ended;
    closeSync(idleReader);
    const written = text
      .join("")
      .split("\n")
      .filter((l) => l !== "");
    expect(written).toHaveLength(out);
    expect(JSON.parse(written[0] as string)).toMatchObject({ clientid: "c00000" });
  });

  it("names a bad property, and refuses a file it cannot open", async () => {
    const runtime = new SinkRuntime();
    const bad = await runtime.addSink("log", sink, { format: "xml" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SinkConfigError);
    expect((bad as Error).message).toBe('log: property "format" must be "json" or "pretty"');
    const unopenable = await runtime.addSink("log", sink, { destination: dir }).catch((e: unknown) => e);
    expect(unopenable).toBeInstanceOf(SinkError);
    expect((unopenable as Error).message).toContain(dir);
    expect(runtime.sinks()).toEqual([]);
    await runtime.close();
  });
});
