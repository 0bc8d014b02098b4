// The PostgreSQL sink's own behaviour against the shared server (a table per test): props and table names,
// the table it creates or checks, payload columns, a record the server refuses, and idempotent redelivery.
import { type HookEvents, silentLogger } from "@exhook/core";
import {
  describeProps,
  type EventRecord,
  type PublishInfo,
  parseSinkProps,
  type Sink,
  type SinkContext,
  SinkError,
  SinkRuntime,
  toEventRecord,
} from "@exhook/core/sink";
import { describe, expect, it, vi } from "vitest";
import { PostgresSink, sink } from "./postgres-sink.js";
import { freePort } from "./test-support/private-postgres.js";
import { reader, sharedUrl, tableName } from "./test-support/shared-postgres.js";

const db = reader();
const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "pg" };

function publishEvent(clientid: string, n: number, payload?: Uint8Array): HookEvents["message.publish"] {
  return {
    message: {
      node: "emqx@127.0.0.1",
      id: `0005F8F9A1B2${n.toString(16).padStart(4, "0")}`,
      qos: 1,
      from: clientid,
      topic: `pg/${clientid}`,
      payload: payload ?? new TextEncoder().encode(String(n)),
      timestamp: 1_700_000_000_000n + BigInt(n),
      headers: { username: "pg", peerhost: "127.0.0.1", protocol: "mqtt" },
    },
    props: [],
    userProps: [],
  };
}

const info = (): PublishInfo => ({ version: "v2", meta, time: Date.now() });

function record(clientid: string, n: number, payload?: Uint8Array): EventRecord {
  return toEventRecord("message.publish", publishEvent(clientid, n, payload), info());
}

/** A table of its own, created by the sink, dropped after the file. */
function props(extra: Record<string, unknown> = {}) {
  // A table the test names itself is dropped too: the shared server is CI's as well.
  const table = typeof extra["table"] === "string" ? extra["table"] : tableName();
  db.dropLater(table);
  return { url: sharedUrl, createTable: true, ...extra, table };
}

function context(): SinkContext & { errors: unknown[] } {
  const errors: unknown[] = [];
  return {
    name: "pg",
    logger: silentLogger,
    signal: new AbortController().signal,
    reportStatus: (_status, error) => {
      if (error !== undefined) errors.push(error);
    },
    errors,
  };
}

async function opened(p: Record<string, unknown>): Promise<{ sink: Sink; ctx: SinkContext }> {
  const s = sink.create(parseSinkProps(sink, p));
  const ctx = context();
  await s.open(ctx);
  return { sink: s, ctx };
}

describe("props", () => {
  it("takes only plain table names, optionally schema-qualified, so config never reaches SQL", () => {
    for (const table of ["events", "public.Events_2", "_x", "a".repeat(63)]) {
      expect(parseSinkProps(sink, { url: sharedUrl, table })).toMatchObject({ table });
    }
    for (const table of [
      "events; DROP TABLE x",
      'ev"ents',
      "a b",
      "1events",
      "a.b.c",
      "a".repeat(64),
      "",
      "ev-ents",
      "évents",
    ]) {
      expect(() => parseSinkProps(sink, { url: sharedUrl, table }), table).toThrow(
        expect.objectContaining({ property: "table" }),
      );
    }
  });

  it("takes postgres URLs with sslmode only, and names no password in its errors", () => {
    expect(parseSinkProps(sink, { url: "postgresql://u@db:5433/x?sslmode=verify-full" })).toMatchObject({
      table: "exhook_events",
      createTable: false,
      payloadType: "bytea",
    });
    for (const url of [
      "mysql://u:s3cret@db/x",
      "postgres://u:s3cret@db/x?application_name=a",
      "postgres://u:s3cret@db/x?sslmode=prefer",
      "not a url s3cret",
    ]) {
      let error: unknown;
      try {
        parseSinkProps(sink, { url });
      } catch (e) {
        error = e;
      }
      expect(error, url).toMatchObject({ property: "url" });
      expect((error as Error).message).not.toContain("s3cret");
    }
    expect(() => parseSinkProps(sink, { url: sharedUrl, ssl: { cert: "c.pem" } })).toThrow(
      expect.objectContaining({ property: "ssl.key" }),
    );
  });

  it("marks the password and the TLS key secret", () => {
    const schema = describeProps(sink.props) as {
      properties: Record<
        string,
        { secret?: boolean; anyOf?: { properties?: Record<string, { secret?: boolean }> }[] }
      >;
    };
    expect(schema.properties["password"]?.secret).toBe(true);
    const sslObject = schema.properties["ssl"]?.anyOf?.find((s) => s.properties !== undefined);
    expect(sslObject?.properties?.["key"]?.secret).toBe(true);
  });
});

describe("the table", () => {
  it("is created with the documented columns, its name quoted as written", async () => {
    const p = props({ table: tableName("Exhook_Mixed") });
    const { sink: s, ctx } = await opened(p);
    await s.close(ctx);
    const columns = await db.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
      [p.table],
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type}`)).toEqual([
      "seq bigint",
      "id uuid",
      "time timestamp with time zone",
      "hook text",
      "node text",
      "clientid text",
      "username text",
      "topic text",
      "qos smallint",
      "payload bytea",
      "message_id text",
      "headers jsonb",
      "props jsonb",
      "user_props jsonb",
      "extra jsonb",
    ]);
  });

  it("fails open fatally when the table is missing and createTable is off, or has other columns", async () => {
    const missing = tableName();
    const error = await opened({ url: sharedUrl, table: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(/does not exist.*createTable/);

    const p = props();
    await (await opened(p)).sink.close(context());
    const other = await opened({ ...p, payloadType: "text" }).catch((e: unknown) => e);
    expect(other).toMatchObject({ retryable: false });
    expect((other as Error).message).toContain("payload is bytea, not text");
  });

  it("is created again when it was dropped while the sink ran", async () => {
    const p = props();
    const runtime = new SinkRuntime();
    try {
      await runtime.addSink("pg", sink, p, { retry: { initialMs: 20, maxMs: 100 } });
      runtime.addRoute({ hooks: ["message.publish"], sinks: ["pg"] });
      runtime.publish("message.publish", publishEvent("dropped", 0), info());
      await vi.waitFor(async () => expect(await db.records(p.table)).toHaveLength(1), { timeout: 20_000 });
      await db.query(`DROP TABLE ${p.table}`);
      runtime.publish("message.publish", publishEvent("dropped", 1), info());
      await vi.waitFor(async () => expect(await db.records(p.table).catch(() => [])).toHaveLength(1), {
        timeout: 20_000,
      });
      expect((await db.records(p.table))[0]?.payload).toBe("1");
    } finally {
      await runtime.close();
    }
  });
});

describe("rows", () => {
  it("hold the payload's bytes in bytea by default, and give back the record", async () => {
    const p = props();
    const { sink: s, ctx } = await opened(p);
    const binary = new Uint8Array([0, 255, 1, 128]);
    const records = [record("bytes", 0, binary), record("bytes", 1, new TextEncoder().encode("héllo"))];
    await s.collect(ctx, records);
    await s.close(ctx);
    const rows = await db.query<{ payload: Buffer; message_id: string; topic: string; qos: number }>(
      `SELECT payload, message_id, topic, qos FROM ${p.table} ORDER BY seq`,
    );
    expect(rows.map((r) => [...r.payload])).toEqual([[...binary], [...Buffer.from("héllo")]]);
    expect(rows[0]).toMatchObject({ message_id: records[0]!.messageId, topic: "pg/bytes", qos: 1 });
    expect(await db.records(p.table)).toStrictEqual(records);
  });

  it("hold the record's payload string with payloadType text", async () => {
    const p = props({ payloadType: "text" });
    const { sink: s, ctx } = await opened(p);
    const records = [
      record("text", 0, new TextEncoder().encode("héllo")),
      record("text", 1, new Uint8Array([255])),
    ];
    await s.collect(ctx, records);
    await s.close(ctx);
    const rows = await db.query<{ payload: string }>(`SELECT payload FROM ${p.table} ORDER BY seq`);
    // Text that is not UTF-8 is written as the record has it: base64 (payloadEncoding auto).
    expect(rows.map((r) => r.payload)).toEqual(["héllo", "/w=="]);
    expect(await db.records(p.table)).toStrictEqual(records);
  });

  it("are written once when the same records come again (redelivery after a lost acknowledgment)", async () => {
    const p = props();
    const { sink: s, ctx } = await opened(p);
    const records = Array.from({ length: 20 }, (_, i) => record("again", i));
    await s.collect(ctx, records.slice(0, 15));
    await s.collect(ctx, records);
    await s.close(ctx);
    expect((await db.records(p.table)).map((r) => r.payload)).toEqual(records.map((r) => r.payload));
  });

  it("are written once when the runtime retries a batch the server had committed", async () => {
    const p = props();
    // The sink inserts, then the acknowledgment is "lost": the runtime sends the same batch again.
    let lose = 2;
    const lossy = {
      ...sink,
      create: (q: Parameters<typeof sink.create>[0]): Sink => {
        const real = new PostgresSink(q);
        return {
          open: (ctx) => real.open(ctx),
          close: (ctx) => real.close(ctx),
          collect: async (ctx, records) => {
            await real.collect(ctx, records);
            if (lose-- > 0) throw new SinkError("connection lost before the answer", { retryable: true });
          },
        };
      },
    };
    const runtime = new SinkRuntime();
    try {
      await runtime.addSink("pg", lossy, p, {
        batchSize: 5,
        lingerMs: 20,
        retry: { initialMs: 10, maxMs: 50 },
      });
      runtime.addRoute({ hooks: ["message.publish"], sinks: ["pg"] });
      for (let n = 0; n < 12; n++) runtime.publish("message.publish", publishEvent("lossy", n), info());
      await vi.waitFor(() => expect(runtime.sinkStats("pg").recordsOut).toBe(12), { timeout: 20_000 });
      const stored = await db.records(p.table);
      expect(stored.map((r) => r.payload)).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
    } finally {
      await runtime.close();
    }
  });

  it("refused by the server for good are dropped alone, and the rest of the batch goes in order", async () => {
    const p = props();
    const runtime = new SinkRuntime();
    try {
      await runtime.addSink("pg", sink, p, { batchSize: 4, lingerMs: 50 });
      runtime.addRoute({ hooks: ["message.publish"], sinks: ["pg"] });
      // PostgreSQL text cannot hold NUL: this clientid can never be stored.
      const clientids = ["ok", "ok", "bad\u0000id", "ok", "ok"];
      for (const [n, c] of clientids.entries())
        runtime.publish("message.publish", publishEvent(c, n), info());
      await vi.waitFor(() => expect(runtime.sinkStats("pg").dropped.fatal).toBe(1), { timeout: 20_000 });
      await vi.waitFor(() => expect(runtime.sinkStats("pg").recordsOut).toBe(4), { timeout: 20_000 });
      expect((await db.records(p.table)).map((r) => r.payload)).toEqual(["0", "1", "3", "4"]);
      expect(runtime.sinkStats("pg").lastError?.message).toMatch(
        new RegExp(`${p.table} refused a message.publish record: .*SQLSTATE 22`),
      );
    } finally {
      await runtime.close();
    }
  });
});

describe("errors", () => {
  it("are retryable while the server is away, and show the URL without its password", async () => {
    const port = await freePort();
    const s = sink.create(
      parseSinkProps(sink, {
        url: `postgres://me:Sup3rSecret@127.0.0.1:${port}/test`,
        connectTimeoutMs: 500,
      }),
    );
    const ctx = context();
    const error = await s.open(ctx).catch((e: unknown) => e);
    await s.close(ctx);
    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toContain(`postgres://me:***@127.0.0.1:${port}/test`);
    expect((error as Error).message).not.toContain("Sup3rSecret");
    expect(JSON.stringify(error)).not.toContain("Sup3rSecret");
  });

  it("ask for TLS when told to (the shared server has none)", async () => {
    const error = await opened({ ...props(), ssl: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toMatch(/does not support SSL/);
  });
});
