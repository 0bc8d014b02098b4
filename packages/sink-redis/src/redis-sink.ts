// @exhook/sink-redis's sink: each record XADDed to a stream (or PUBLISHed), a batch in one pipeline, counted
// once Redis answered each command.
import {
  defineSink,
  type EventRecord,
  errorText,
  type Sink,
  type SinkContext,
  SinkError,
} from "@exhook/core/sink";
import { createClient, type RedisClientType } from "@redis/client";
import { type ClientOptions, clientOptions } from "./client-options.js";
import { CommandBuilder } from "./commands.js";
import { type RedisSinkProps, redisSinkProps, shownUrl } from "./props.js";
import { isRetryableFailure } from "./replies.js";

// biome-ignore lint/complexity/noBannedTypes: node-redis' own default for "no modules".
type Client = RedisClientType<{}, {}, {}, 2>;

/** How a record's command ended: Redis took it, or refused it for good (retryable failures are not kept). */
type Settled = { readonly ok: true } | { readonly ok: false; readonly error: SinkError };

const taken: Settled = { ok: true };

export class RedisSink implements Sink {
  readonly #props: RedisSinkProps;
  readonly #commands: CommandBuilder;
  /** `url` with any password masked, for messages. */
  readonly #shown: string;
  #options: ClientOptions | undefined;
  #client: Client | undefined;
  /** After the first connection node-redis reconnects by itself; before it, `open` fails and the runtime retries. */
  #opened = false;
  #lastError: unknown;
  /**
   * Records whose command already ended, by identity. A pipeline runs every command of a batch, so when one
   * fails the ones after it may have been taken; the runtime hands those same record objects back (after a
   * retryable failure, or after dropping a fatal one), and they must not be added twice.
   */
  #settled = new WeakMap<EventRecord, Settled>();

  /** `props` as `redisSinkProps.parse` returns them. */
  constructor(props: RedisSinkProps) {
    this.#props = props;
    this.#shown = shownUrl(props.url);
    this.#commands = new CommandBuilder(props);
  }

  /** Connects (and authenticates, SELECTs the db); any failure is retryable: the runtime opens again later. */
  async open(ctx: SinkContext): Promise<void> {
    this.#options = await clientOptions(this.#props, () => this.#opened);
    const client = this.#newClient(ctx, this.#options);
    try {
      await client.connect();
    } catch (error) {
      throw new SinkError(`cannot connect to ${this.#shown}: ${errorText(error)}`, {
        retryable: true,
        cause: error,
      });
    }
    this.#opened = true;
    ctx.reportStatus("connected");
  }

  #newClient(ctx: SinkContext, options: ClientOptions): Client {
    const client: Client = createClient(options);
    this.#client = client;
    // node-redis emits every socket error; without a listener an 'error' event would end the process.
    client.on("error", (error: unknown) => {
      if (client !== this.#client) return;
      this.#lastError = error;
      if (this.#opened) ctx.reportStatus(client.isReady ? "connected" : "disconnected", error);
    });
    client.on("ready", () => {
      if (client === this.#client && this.#opened) ctx.reportStatus("connected");
    });
    return client;
  }

  /**
   * A connection that stopped answering is given up for a new one: node-redis would wait for its replies
   * forever (its command timeout ends only the wait to be written), and a peer that vanished may take TCP
   * many minutes to notice.
   */
  #replaceConnection(ctx: SinkContext): void {
    const old = this.#client;
    const options = this.#options;
    if (old === undefined || options === undefined) return;
    const fresh = this.#newClient(ctx, options);
    if (old.isOpen) old.destroy();
    ctx.reportStatus("disconnected", this.#lastError);
    // Tried until it connects (the reconnect strategy): collect fails retryably meanwhile.
    fresh.connect().catch((error: unknown) => {
      if (fresh === this.#client) this.#lastError = error;
    });
  }

  async collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const client = this.#client;
    if (client === undefined || !client.isReady) {
      throw new SinkError(`not connected to ${this.#shown}`, { retryable: true, cause: this.#lastError });
    }
    // Every command is queued in this one tick: node-redis writes them to the socket together (a pipeline),
    // and each reply settles its own command, so one refused record does not stand for the others.
    const sent: Promise<void>[] = [];
    for (const record of records) {
      if (this.#settled.has(record)) continue;
      const command = this.#commands.build(record);
      if (!command.ok) {
        this.#settled.set(record, { ok: false, error: new SinkError(command.reason, { retryable: false }) });
        continue;
      }
      sent.push(
        client.sendCommand(command.args).then(
          () => void this.#settled.set(record, taken),
          (error: unknown) => {
            const what = `${command.args[0]} to "${command.key}" on ${this.#shown}`;
            if (isRetryableFailure(error)) {
              // Not kept: the record is sent again. The last such error is the one the batch reports (a
              // replaced connection's commands fail too, but that says nothing new).
              if (client === this.#client)
                this.#lastError = new SinkError(`${what} failed: ${errorText(error)}`, {
                  retryable: true,
                  cause: error,
                });
            } else {
              const refused = new SinkError(`${what} refused: ${errorText(error)}`, {
                retryable: false,
                cause: error,
              });
              this.#settled.set(record, { ok: false, error: refused });
            }
          },
        ),
      );
    }
    const ended = await settleWithin(sent, this.#props.commandTimeoutMs, ctx.signal);
    if (ended === "timeout") {
      this.#lastError = new SinkError(
        `no answer from ${this.#shown} within ${this.#props.commandTimeoutMs} ms`,
        {
          retryable: true,
        },
      );
      this.#replaceConnection(ctx);
    } else if (ended === "aborted") {
      this.#lastError = new SinkError(`sending to ${this.#shown} was abandoned at shutdown`, {
        retryable: true,
      });
    }
    for (let i = 0; i < records.length; i++) {
      const settled = this.#settled.get(records[i]!);
      if (settled?.ok === true) continue;
      // The records before `i` are in Redis. A refused one is dropped alone by the runtime; a failed one is
      // sent again with the rest, whose taken commands are skipped above.
      const error = settled?.error ?? this.#retryError();
      throw new SinkError(error.message, { retryable: error.retryable, cause: error.cause, delivered: i });
    }
  }

  #retryError(): SinkError {
    const last = this.#lastError;
    if (last instanceof SinkError && last.retryable) return last;
    return new SinkError(`sending to ${this.#shown} failed: ${errorText(last)}`, {
      retryable: true,
      cause: last,
    });
  }

  async close(_ctx: SinkContext): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    // No reconnects from here on: a closing sink must not come back.
    this.#opened = false;
    if (client === undefined || !client.isOpen) return;
    if (client.isReady) {
      // Waits for replies still due, but never long on a server that does not answer.
      const closed = client.close().catch(() => {});
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
    }
    if (client.isOpen) client.destroy();
  }
}

/** Waits for every promise (none rejects), at most `ms`, and no longer than `signal` stays unaborted. */
async function settleWithin(
  promises: readonly Promise<void>[],
  ms: number,
  signal: AbortSignal,
): Promise<"done" | "timeout" | "aborted"> {
  if (signal.aborted) return "aborted";
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      Promise.all(promises).then(() => "done" as const),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), ms);
      }),
      new Promise<"aborted">((resolve) => {
        onAbort = () => resolve("aborted");
        signal.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

/** Load by type: `const { sink } = await import("@exhook/sink-redis")`. */
export const sink = defineSink({
  type: "redis",
  description: "XADDs records to Redis streams (MAXLEN ~ trimming) or PUBLISHes them, with node-redis",
  props: redisSinkProps,
  example: { url: "redis://127.0.0.1:6379" },
  create: (props) => new RedisSink(props),
});
