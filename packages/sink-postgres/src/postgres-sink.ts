// @exhook/sink-postgres's sink: inserts each batch with one statement on one node-postgres connection, counted
// once committed; a redelivered record is a no-op (its id is the hash of the record).
import { defineSink, type EventRecord, type Sink, type SinkContext, SinkError } from "@exhook/core/sink";
import pg from "pg";
import { clientConfig } from "./connection.js";
import { describe, isRecordError } from "./errors.js";
import { type PostgresSinkProps, postgresSinkProps, quotedTable, shownUrl } from "./props.js";
import { columnsOf } from "./rows.js";
import { createTableSql, insertSql, tableColumnsSql, tableProblem } from "./sql.js";

/** The prepared insert's name: prepared once per connection by node-postgres, then only bound and run. */
const insertStatement = "exhook_insert";

export class PostgresSink implements Sink {
  readonly #props: PostgresSinkProps;
  /** `url` with any password masked, for messages. */
  readonly #shown: string;
  readonly #table: string;
  readonly #insert: string;
  /** The live connection; `undefined` until connected and after it failed (the next batch reconnects). */
  #client: pg.Client | undefined;
  #opened = false;

  /** `props` as `postgresSinkProps.parse` returns them. */
  constructor(props: PostgresSinkProps) {
    this.#props = props;
    this.#shown = shownUrl(props.url);
    this.#table = quotedTable(props.table);
    this.#insert = insertSql(this.#table, props.payloadType);
  }

  /**
   * Connects and checks (or creates) the table. A server that is away or refuses the login is retryable; a
   * table that cannot take the rows (missing without `createTable`, or other columns) is fatal here, so a
   * wrong config fails at start instead of retrying forever.
   */
  async open(ctx: SinkContext): Promise<void> {
    await this.#connect(ctx, true);
    this.#opened = true;
  }

  async collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const client = this.#client ?? (await this.#connect(ctx, !this.#opened));
    try {
      await this.#run(client, ctx, records);
      return;
    } catch (error) {
      if (!isRecordError(error)) throw this.#failed(client, ctx, error, 0);
    }
    // The batch was refused as a whole (one statement) for a record in it: one at a time tells which.
    for (let i = 0; i < records.length; i++) {
      try {
        await this.#run(client, ctx, records.slice(i, i + 1));
      } catch (error) {
        if (!isRecordError(error)) throw this.#failed(client, ctx, error, i);
        const record = records[i]!;
        throw new SinkError(`${this.#props.table} refused a ${record.hook} record: ${describe(error)}`, {
          retryable: false,
          cause: error,
          delivered: i,
        });
      }
    }
  }

  async close(_ctx: SinkContext): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await end(client);
  }

  /** One autocommitted statement: its answer comes after the commit, so a resolved insert is durable. */
  async #run(client: pg.Client, ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const values = columnsOf(records, this.#props.payloadType);
    // At the shutdown deadline the runtime aborts: ending the connection fails the pending insert at once.
    const onAbort = () => void end(client);
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    try {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
      await client.query({ name: insertStatement, text: this.#insert, values });
    } finally {
      ctx.signal.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Anything but a refused record: the connection is dropped (its state is unknown after a timeout, and a
   * new one re-checks the table, re-creating it if it was dropped and `createTable` is on) and the rest of
   * the batch is retried. Records the server already committed come back as no-ops.
   */
  #failed(client: pg.Client, ctx: SinkContext, error: unknown, delivered: number): SinkError {
    if (this.#client === client) this.#client = undefined;
    void end(client);
    ctx.reportStatus("disconnected", error);
    return new SinkError(`insert into ${this.#props.table} at ${this.#shown} failed: ${describe(error)}`, {
      retryable: true,
      cause: error,
      delivered,
    });
  }

  async #connect(ctx: SinkContext, fatalTable: boolean): Promise<pg.Client> {
    const props = this.#props;
    const client = new pg.Client(await clientConfig(props));
    // Without a listener an idle connection's error (the server restarting) would be an uncaught exception.
    // A connection that ended is forgotten at once, so the status says so before the next batch finds out.
    const lost = (error?: unknown) => {
      if (this.#client !== client) return;
      this.#client = undefined;
      ctx.reportStatus("disconnected", error ?? new Error("the server closed the connection"));
      void end(client);
    };
    client.on("error", lost);
    client.on("end", () => lost());
    ctx.reportStatus("connecting");
    try {
      await client.connect();
    } catch (error) {
      void end(client);
      throw new SinkError(`cannot connect to ${this.#shown}: ${describe(error)}`, {
        retryable: true,
        cause: error,
      });
    }
    try {
      if (props.createTable) await client.query(createTableSql(this.#table, props.payloadType));
      const { rows } = await client.query<{ name: string; type: string; unique: boolean }>(tableColumnsSql, [
        this.#table,
      ]);
      const problem =
        rows.length === 0
          ? `does not exist (create it as the README shows, or set createTable: true)`
          : tableProblem(rows, props.payloadType);
      if (problem !== undefined) {
        throw new SinkError(`table ${props.table} at ${this.#shown} ${problem}`, { retryable: !fatalTable });
      }
    } catch (error) {
      void end(client);
      if (error instanceof SinkError) throw error;
      throw new SinkError(`cannot prepare table ${props.table} at ${this.#shown}: ${describe(error)}`, {
        retryable: true,
        cause: error,
      });
    }
    this.#client = client;
    ctx.reportStatus("connected");
    return client;
  }
}

/** Ends a connection without waiting on a server that does not answer, and without throwing. */
async function end(client: pg.Client): Promise<void> {
  try {
    await Promise.race([client.end(), new Promise((r) => setTimeout(r, 1000).unref())]);
  } catch {
    // already ended, or the socket failed: either way it is gone
  }
}

/** Load by type: `const { sink } = await import("@exhook/sink-postgres")`. */
export const sink = defineSink({
  type: "postgres",
  description: "inserts records into a PostgreSQL table with node-postgres (batched, idempotent)",
  props: postgresSinkProps,
  example: { url: "postgres://127.0.0.1:5432/test", table: "exhook_events", createTable: true },
  create: (props) => new PostgresSink(props),
});
