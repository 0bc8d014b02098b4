// The README's recipe "Every message into PostgreSQL": the real server runs recipes/postgres.json as written
// (only its table name and data directory come from the environment, as the recipe allows), and a message a
// client publishes is a row of the table.
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { fileURLToPath } from "node:url";
import { createFakeBroker } from "@exhook/testkit";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { startServerProcess, tempDir } from "./test-support/server-process.js";

const recipe = fileURLToPath(new URL("../recipes/postgres.json", import.meta.url));
const url = process.env["EXHOOK_PG_URL"] ?? "postgres://127.0.0.1:5432/test";

describe("recipe: every message into PostgreSQL", () => {
  it("stores each published message as a row, created table and all", async () => {
    const table = `exhook_recipe_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    // As the sink connects: no user in the URL is PGUSER, else this OS user (pg alone would read $USER).
    const { hostname, port, pathname, username, password } = new URL(url);
    const db = new pg.Client({
      host: hostname,
      port: Number(port || 5432),
      database: pathname.slice(1),
      user: decodeURIComponent(username) || process.env["PGUSER"] || userInfo().username,
      password: decodeURIComponent(password),
    });
    await db.connect();
    // Started only once the reader is connected, and stopped in the finally below whatever fails after.
    const server = await startServerProcess({
      args: ["--config", recipe],
      env: { EXHOOK_PG_URL: url, EXHOOK_PG_TABLE: table, EXHOOK_DATA_DIR: tempDir() },
    }).catch(async (error: unknown) => {
      await db.end();
      throw error;
    });
    const broker = createFakeBroker({ url: server.url, version: "v3" });
    try {
      await broker.load();
      const client = broker.client({ clientid: "sensor-1", username: "sensors" });
      await client.connect();
      expect((await client.publish("sensors/1/temp", "21.5", { qos: 1 })).allowed).toBe(true);
      expect((await client.publish("sensors/1/raw", Buffer.from([0, 1, 255]))).allowed).toBe(true);
      let rows: { clientid: string; username: string; topic: string; qos: number; payload: Buffer }[] = [];
      await vi.waitFor(
        async () => {
          const found = await db.query(`SELECT * FROM ${table} ORDER BY seq`).catch(() => ({ rows: [] }));
          rows = found.rows;
          expect(rows).toHaveLength(2);
        },
        { timeout: 30_000, interval: 100 },
      );
      expect(rows[0]).toMatchObject({
        clientid: "sensor-1",
        username: "sensors",
        topic: "sensors/1/temp",
        qos: 1,
      });
      expect(rows.map((r) => [...r.payload])).toEqual([[...Buffer.from("21.5")], [0, 1, 255]]);
    } finally {
      broker.close();
      await server.stop();
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.end();
    }
  }, 90_000);
});
