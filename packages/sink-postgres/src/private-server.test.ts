// Against a private PostgreSQL that the tests stop and start (never the shared one): the conformance suite's
// restart case, a target stopped mid-stream under `buffer: disk` with every event stored exactly once, and
// a refused login whose error shows no password.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createExhook, silentLogger } from "@exhook/core";
import { parseSinkProps, SinkRuntime } from "@exhook/core/sink";
import { hasOpenssl } from "@exhook/test-certs";
import { createFakeBroker } from "@exhook/testkit";
import { sinkConformance } from "@exhook/testkit/sink";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sink } from "./postgres-sink.js";
import {
  type PrivatePostgres,
  privatePostgresProblem,
  startPrivatePostgres,
} from "./test-support/private-postgres.js";
import { type Reader, reader, tableName } from "./test-support/shared-postgres.js";

const problem = privatePostgresProblem();
if (problem !== undefined) console.warn(`skipping the private PostgreSQL tests: ${problem}`);

let server: PrivatePostgres | undefined;
let db: Reader | undefined;
const table = tableName("exhook_restart");

beforeAll(async () => {
  if (problem !== undefined) return;
  server = await startPrivatePostgres();
  db = reader(server.url);
}, 90_000);

afterAll(async () => {
  await server?.close();
});

describe.skipIf(problem !== undefined)("postgres (private server, stopped and started)", () => {
  sinkConformance({
    definition: sink,
    target: {
      props: () => ({ url: server!.url, table, createTable: true, connectTimeoutMs: 1000 }),
      arrived: (clientid) => db!.records(table, clientid),
    },
    restart: { stop: () => server!.stop(), start: () => server!.start() },
  });

  it("stores every event exactly once when the server stops mid-stream (buffer: disk)", async () => {
    const events = tableName("exhook_outage");
    const bufferDir = mkdtempSync(join(tmpdir(), "exhook-pg-buffer-"));
    const app = createExhook({ logger: silentLogger });
    await app.sink(
      "pg",
      sink,
      { url: server!.url, table: events, createTable: true, connectTimeoutMs: 1000 },
      { buffer: "disk", bufferDir, batchSize: 10, lingerMs: 5, retry: { initialMs: 20, maxMs: 200 } },
    );
    app.route({ hooks: ["message.publish"], sinks: ["pg"] });
    const { url } = await app.listen({ port: 0, host: "127.0.0.1" });
    const broker = createFakeBroker({ url, version: "v3" });
    const count = async () =>
      Number((await db!.query<{ n: string }>(`SELECT count(*) AS n FROM ${events}`))[0]!.n);
    try {
      await broker.load();
      const client = broker.client({ clientid: "dev1", username: "dev1" });
      await client.connect();
      let sent = 0;
      const send = async (to: number) => {
        for (; sent < to; sent++) {
          expect((await client.publish("t/1", String(sent), { qos: 1 })).allowed).toBe(true);
        }
      };
      // Events flow, and the server is stopped while they still do.
      const flowing = send(60);
      await vi.waitFor(async () => expect(await count()).toBeGreaterThanOrEqual(10), { timeout: 30_000 });
      await server!.stop();
      await flowing;
      await send(80); // answered while nothing can be stored: the hook never waits on the sink
      expect(broker.failures).toEqual([]);
      await server!.start();
      await send(100);
      await vi.waitFor(async () => expect(await count()).toBeGreaterThanOrEqual(100), { timeout: 30_000 });
      await vi.waitFor(() => expect(app.sinks!.sinkStats("pg").recordsOut).toBe(100), { timeout: 30_000 });
      // Exactly once, by the idempotency key and by what a user would count on: the message id.
      const perMessage = await db!.query<{ message_id: string; n: string }>(
        `SELECT message_id, count(*) AS n FROM ${events} GROUP BY message_id HAVING count(*) > 1`,
      );
      expect(perMessage).toEqual([]);
      expect(await count()).toBe(100);
      const payloads = await db!.query<{ p: string }>(
        `SELECT convert_from(payload, 'UTF8') AS p FROM ${events} ORDER BY seq`,
      );
      expect(payloads.map((r) => Number(r.p))).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(app.sinks!.sinkStats("pg").dropped).toMatchObject({ fatal: 0 });
    } finally {
      broker.close();
      await app.close({ deadlineMs: 500 });
      await db!.query(`DROP TABLE IF EXISTS ${events}`).catch(() => {});
      rmSync(bufferDir, { recursive: true, force: true });
    }
  }, 120_000);

  it.skipIf(!hasOpenssl)(
    "speaks TLS when told to: verified against a CA, or only encrypted with sslmode=require",
    async () => {
      const tlsTable = tableName("exhook_tls");
      db!.dropLater(tlsTable);
      const encrypted = async (props: Record<string, unknown>) => {
        const runtime = new SinkRuntime();
        try {
          await runtime.addSink("pg", sink, { table: tlsTable, createTable: true, ...props });
          expect(runtime.sinkStats("pg").status).toBe("connected");
          const rows = await db!.query<{ ssl: boolean }>(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'exhook' AND a.pid <> pg_backend_pid()",
          );
          return rows.map((r) => r.ssl);
        } finally {
          await runtime.close();
        }
      };
      expect(await encrypted({ url: server!.url, ssl: { ca: server!.caFile } })).toEqual([true]);
      expect(await encrypted({ url: `${server!.url}?sslmode=require` })).toEqual([true]);
      expect(await encrypted({ url: server!.url })).toEqual([false]);
      // The system's CAs do not know the test CA: retryable (the certificate may be fixed), and said why.
      const s = sink.create(parseSinkProps(sink, { url: server!.url, ssl: true }));
      const ctx = {
        name: "pg",
        logger: silentLogger,
        signal: new AbortController().signal,
        reportStatus() {},
      };
      const error = await s.open(ctx).catch((e: unknown) => e);
      await s.close(ctx);
      expect(error).toMatchObject({ retryable: true });
      expect((error as Error).message).toMatch(/certificate/);
    },
    60_000,
  );

  it("reports a refused login without the password", async () => {
    const runtime = new SinkRuntime();
    const wrong = "not-the-Pa55word";
    const url = server!.url.replace(server!.password, wrong);
    try {
      await runtime.addSink(
        "pg",
        sink,
        { url, table: tableName() },
        { retry: { initialMs: 50, maxMs: 200 } },
      );
      await vi.waitFor(
        () => expect(runtime.sinkStats("pg").lastError?.message).toMatch(/password authentication failed/),
        {
          timeout: 30_000,
        },
      );
      const error = runtime.sinkStats("pg").lastError?.message ?? "";
      expect(error).toContain("postgres://postgres:***@127.0.0.1");
      expect(error).not.toContain(wrong);
      expect(error).not.toContain(server!.password);
      // The password prop is masked the same way: it never appears.
      await runtime.removeSink("pg");
      await runtime.addSink("pg", sink, {
        url: server!.url.replace(`:${server!.password}`, ""),
        password: wrong,
      });
      await vi.waitFor(
        () => expect(runtime.sinkStats("pg").lastError?.message).toMatch(/password authentication failed/),
        {
          timeout: 30_000,
        },
      );
      expect(runtime.sinkStats("pg").lastError?.message).not.toContain(wrong);
    } finally {
      await runtime.close({ deadlineMs: 200 });
    }
  }, 60_000);
});
