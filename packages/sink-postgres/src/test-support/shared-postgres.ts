// Test-only: the machine's shared PostgreSQL (127.0.0.1:5432, db `test`, trust): tables with a random suffix,
// read back as records, dropped after the test file.
import { randomUUID } from "node:crypto";
import type { EventRecord } from "@exhook/core/sink";
import pg from "pg";
import { afterAll } from "vitest";
import { clientConfig } from "../connection.js";
import { postgresSinkProps, quotedTable } from "../props.js";
import { type EventRow, recordFromRow } from "../rows.js";

export const sharedUrl = process.env["EXHOOK_TEST_PG_URL"] ?? "postgres://127.0.0.1:5432/test";

/** A table name no other test (or run) uses. */
export function tableName(prefix = "exhook_test"): string {
  return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/** A plain node-postgres client for `url`, with the sink's own URL handling (user, password). */
export async function connectTo(url: string): Promise<pg.Client> {
  const client = new pg.Client(await clientConfig(postgresSinkProps.parse({ url })));
  await client.connect();
  return client;
}

export interface Reader {
  /** The table's rows as records (for `clientid` only, if given), in arrival order. */
  records(table: string, clientid?: string): Promise<EventRecord[]>;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<R[]>;
  /** Drops the table after the test file. */
  dropLater(table: string): void;
}

/**
 * A reader of `url` (the shared server by default). Each query has its own connection: a private server
 * may be stopped between two reads.
 */
export function reader(url = sharedUrl): Reader {
  const tables = new Set<string>();
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    const client = await connectTo(url);
    client.on("error", () => {});
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    for (const table of tables) await query(`DROP TABLE IF EXISTS ${quotedTable(table)}`).catch(() => {});
  });
  return {
    query,
    async records(table, clientid) {
      const where = clientid === undefined ? "" : " WHERE clientid = $1";
      const rows = await query<EventRow>(
        `SELECT * FROM ${quotedTable(table)}${where} ORDER BY seq`,
        clientid === undefined ? [] : [clientid],
      );
      return rows.map(recordFromRow);
    },
    dropLater(table) {
      tables.add(table);
    },
  };
}
