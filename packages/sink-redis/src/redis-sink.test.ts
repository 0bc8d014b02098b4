// The Redis sink's own features on the shared Redis: fields and templates, trimming, publish mode, a refused
// record amid a batch, the db, and credentials kept out of messages.
import { type EventRecord, SinkRuntime } from "@exhook/core/sink";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordId } from "./commands.js";
import { sink } from "./redis-sink.js";
import { info, publishEvent, publishRange, range } from "./test-support/events.js";
import {
  readStream,
  removeKeys,
  sharedUrl,
  streamRecords,
  type TestClient,
  testClient,
  uniquePrefix,
} from "./test-support/redis.js";

const wait = { timeout: 15_000, interval: 20 };
const fastRetry = { retry: { initialMs: 20, maxMs: 200 } };

let client: TestClient;
const prefix = uniquePrefix("sink");
const runtimes: SinkRuntime[] = [];

function runtime(): SinkRuntime {
  const r = new SinkRuntime();
  runtimes.push(r);
  return r;
}

beforeAll(async () => {
  client = await testClient();
});

afterAll(async () => {
  for (const r of runtimes) await r.close({ deadlineMs: 500 });
  await removeKeys(client, prefix);
  await client.close();
});

async function delivered(r: SinkRuntime, n: number): Promise<void> {
  await vi.waitFor(() => expect(r.sinkStats("redis").recordsOut).toBe(n), wait);
}

describe("@exhook/sink-redis on the shared Redis", () => {
  it("XADDs each record with fields id, hook and record, in order, to the stream its template names", async () => {
    const r = runtime();
    await r.addSink("redis", sink, { url: sharedUrl, stream: `${prefix}\${clientid}` }, { batchSize: 50 });
    r.addRoute({ hooks: ["message.publish"], sinks: ["redis"] });
    publishRange(r, 0, 100, "dev1");
    publishRange(r, 0, 10, "dev2");
    await delivered(r, 110);
    const entries = await readStream(client, `${prefix}dev1`);
    expect(entries.map((e) => Object.keys(e.fields))).toEqual(entries.map(() => ["id", "hook", "record"]));
    const records = entries.map((e) => JSON.parse(e.fields["record"]!) as EventRecord);
    expect(records.map((x) => x.payload)).toEqual(range(0, 100));
    for (const e of entries) {
      expect(e.fields["hook"]).toBe("message.publish");
      expect(e.fields["id"]).toBe(recordId(e.fields["record"]!));
    }
    expect(new Set(entries.map((e) => e.fields["id"])).size).toBe(100);
    expect((await streamRecords(client, `${prefix}dev2`)).map((x) => x.payload)).toEqual(range(0, 10));
    expect(r.sinkStats("redis")).toMatchObject({ status: "connected", recordsFailed: 0 });
  });

  it("renders a payload template into the record field", async () => {
    const r = runtime();
    await r.addSink("redis", sink, {
      url: sharedUrl,
      stream: `${prefix}payload`,
      payload: "${clientid}=${payload}",
    });
    r.addRoute({ hooks: ["message.publish"], sinks: ["redis"] });
    publishRange(r, 0, 3, "dev9");
    await delivered(r, 3);
    const entries = await readStream(client, `${prefix}payload`);
    expect(entries.map((e) => e.fields["record"])).toEqual(["dev9=0", "dev9=1", "dev9=2"]);
  });

  it("trims each stream to about maxLen entries (MAXLEN ~)", async () => {
    const r = runtime();
    await r.addSink(
      "redis",
      sink,
      { url: sharedUrl, stream: `${prefix}trimmed`, maxLen: 10 },
      { batchSize: 100 },
    );
    r.addRoute({ hooks: ["message.publish"], sinks: ["redis"] });
    publishRange(r, 0, 1000);
    await delivered(r, 1000);
    const length = await client.xLen(`${prefix}trimmed`);
    // Approximate trimming drops whole macro nodes (100 entries by default): never below maxLen.
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(1000);
    const last = await streamRecords(client, `${prefix}trimmed`);
    expect(last.at(-1)?.payload).toBe("999");
  });

  it("PUBLISHes each record to its channel in publish mode", async () => {
    const subscriber = client.duplicate();
    subscriber.on("error", () => {});
    await subscriber.connect();
    const received: string[] = [];
    await subscriber.subscribe(`${prefix}chan:dev1`, (message) => received.push(message));
    try {
      const r = runtime();
      await r.addSink(
        "redis",
        sink,
        { url: sharedUrl, mode: "publish", channel: `${prefix}chan:\${clientid}` },
        { batchSize: 10 },
      );
      r.addRoute({ hooks: ["message.publish"], sinks: ["redis"] });
      publishRange(r, 0, 20, "dev1");
      await delivered(r, 20);
      await vi.waitFor(() => expect(received).toHaveLength(20), wait);
      expect(received.map((m) => (JSON.parse(m) as EventRecord).payload)).toEqual(range(0, 20));
    } finally {
      await subscriber.close();
    }
  });

  it("drops a record Redis refuses (WRONGTYPE) alone, and adds the rest of its batch once", async () => {
    // Records of client "bad" go to a key that holds a string: XADD there fails with WRONGTYPE, for good.
    await client.set(`${prefix}wrong:bad`, "a string");
    const r = runtime();
    await r.addSink(
      "redis",
      sink,
      { url: sharedUrl, stream: `${prefix}wrong:\${clientid}` },
      {
        batchSize: 10,
        lingerMs: 200,
      },
    );
    r.addRoute({ hooks: ["message.publish"], sinks: ["redis"] });
    for (let i = 0; i < 10; i++) {
      r.publish("message.publish", publishEvent(String(i), i === 2 || i === 6 ? "bad" : "good"), info());
    }
    await vi.waitFor(() => expect(r.sinkStats("redis").dropped.fatal).toBe(2), wait);
    await delivered(r, 8);
    const got = (await streamRecords(client, `${prefix}wrong:good`)).map((x) => x.payload);
    expect(got).toEqual(["0", "1", "3", "4", "5", "7", "8", "9"]);
    const stats = r.sinkStats("redis");
    expect(stats.lastError?.message).toMatch(
      /^XADD to ".*wrong:bad" on redis:\/\/127\.0\.0\.1:6379 refused: WRONGTYPE/,
    );
    expect(stats.status).toBe("connected");
  });

  it("writes to the db the props name", async () => {
    const r = runtime();
    await r.addSink("redis", sink, { url: `${sharedUrl}/0`, db: 3, stream: `${prefix}db` });
    r.addRoute({ hooks: ["message.publish"], sinks: ["redis"] });
    publishRange(r, 0, 2);
    await delivered(r, 2);
    const db3 = client.duplicate({ database: 3 });
    db3.on("error", () => {});
    await db3.connect();
    try {
      expect((await streamRecords(db3, `${prefix}db`)).map((x) => x.payload)).toEqual(["0", "1"]);
      expect(await client.exists(`${prefix}db`)).toBe(0);
      await db3.del(`${prefix}db`);
    } finally {
      await db3.close();
    }
  });

  it("never shows a password: a refused login is retried, its error names the URL masked", async () => {
    const r = runtime();
    await r.addSink(
      "redis",
      sink,
      { url: "redis://nobody:url-s3cret@127.0.0.1:6379", stream: `${prefix}never` },
      fastRetry,
    );
    await r.addSink(
      "redis2",
      sink,
      { url: sharedUrl, username: "nobody", password: "prop-s3cret", stream: `${prefix}never` },
      fastRetry,
    );
    for (const name of ["redis", "redis2"]) {
      await vi.waitFor(() => expect(r.sinkStats(name).lastError).toBeDefined(), wait);
      const stats = r.sinkStats(name);
      expect(stats.status).not.toBe("connected");
      expect(stats.lastError?.message).toMatch(/WRONGPASS/);
      expect(JSON.stringify(stats)).not.toMatch(/s3cret/);
    }
    expect(r.sinkStats("redis").lastError?.message).toContain("redis://nobody:***@127.0.0.1:6379");
  });
});
