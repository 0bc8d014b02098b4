// @exhook/sink-rabbitmq's sink: publishes each batch on a confirm channel and counts it delivered once the
// broker confirmed every message; a lost connection is made again on the next batch.
import { defineSink, type EventRecord, type Sink, type SinkContext, SinkError } from "@exhook/core/sink";
import { brokerError, closeQuietly, type Link, openLink, redactor } from "./connection.js";
import { MessageBuilder, type OutgoingMessage } from "./message.js";
import { type RabbitmqSinkProps, rabbitmqSinkProps, shownUrl } from "./props.js";
import { Topology } from "./topology.js";

const firstRetryMs = 500;
const maxRetryMs = 30_000;

/** What the broker said about one published message. */
type Verdict = "acked" | "returned" | "nacked" | "lost";

export class RabbitmqSink implements Sink {
  readonly #props: RabbitmqSinkProps;
  readonly #shown: string;
  readonly #redact: (text: string) => string;
  readonly #builder: MessageBuilder;
  readonly #topology: Topology;
  #link: Link | undefined;
  #connecting: Promise<Link> | undefined;
  #ctx: SinkContext | undefined;
  #closed = false;
  /** The background reconnect after a lost connection, so that an idle sink's status comes back too. */
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelayMs = firstRetryMs;
  /**
   * Records of the last batch the broker confirmed although an earlier one in it failed: the runtime hands
   * them back with the rest of the batch, and they are not published twice.
   */
  #confirmed = new Set<EventRecord>();

  /** `props` as `rabbitmqSinkProps.parse` returns them. */
  constructor(props: RabbitmqSinkProps) {
    this.#props = props;
    this.#shown = shownUrl(props.url);
    this.#redact = redactor(props.url);
    this.#builder = new MessageBuilder(props);
    this.#topology = new Topology(props, this.#builder.exchange);
  }

  /**
   * Connects, opens the confirm channel and sets up the exchange and queue. Unreachable brokers are
   * retryable; a refusal (bad credentials, a missing exchange, a queue declared otherwise) is fatal.
   */
  async open(ctx: SinkContext): Promise<void> {
    this.#ctx = ctx;
    this.#closed = false;
    await this.#connect(ctx);
  }

  async collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const link = this.#link ?? (await this.#reconnect(ctx));
    // Kept until this call's verdicts replace it: a call that fails before them skips the same records.
    const confirmedBefore = this.#confirmed;

    // Which records go in this call: up to the first that cannot be a message or names a missing exchange.
    const messages: (OutgoingMessage | undefined)[] = [];
    let stopAt = records.length;
    let stopError: SinkError | undefined;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (confirmedBefore.has(record)) {
        messages.push(undefined); // the broker has it already
        continue;
      }
      const built = this.#builder.build(record);
      if (!built.ok) {
        stopAt = i;
        stopError = new SinkError(built.reason, { retryable: false, delivered: i });
        break;
      }
      const { exchange } = built.message;
      if (!this.#topology.known(exchange)) {
        let check: Awaited<ReturnType<Topology["check"]>>;
        try {
          check = await this.#topology.check(link.model, exchange);
        } catch (error) {
          this.#drop(link, error);
          const failure = brokerError(`cannot check exchange "${exchange}"`, error, this.#redact);
          throw new SinkError(failure.message, { retryable: true, delivered: 0 });
        }
        if (!check.ok) {
          // Whatever the broker said (it is missing, of another type), it is about this record alone.
          const refusal = brokerError(
            `exchange "${exchange}" for a ${record.hook} record`,
            check.error,
            this.#redact,
          );
          stopAt = i;
          stopError = new SinkError(refusal.message, { retryable: false, delivered: i });
          break;
        }
      }
      messages.push(built.message);
    }

    const verdicts = await this.#publish(ctx, link, messages.slice(0, stopAt));
    this.#confirmed = new Set();
    for (let i = 0; i < verdicts.length; i++) {
      const verdict = verdicts[i]!;
      if (verdict === "acked") continue;
      // Records after the failed one that the broker took are remembered, so the retry skips them.
      for (let j = i + 1; j < verdicts.length; j++) {
        if (verdicts[j] === "acked") this.#confirmed.add(records[j]!);
      }
      const message = messages[i]!;
      const record = records[i]!;
      if (verdict === "returned") {
        throw new SinkError(
          `a ${record.hook} record is unroutable: no queue is bound to ${exchangeName(message.exchange)} for routing key "${message.routingKey}"`,
          { retryable: false, delivered: i },
        );
      }
      throw new SinkError(
        verdict === "nacked"
          ? `${this.#shown} refused a message (nack); it is sent again`
          : `the connection to ${this.#shown} was lost before the broker confirmed a batch`,
        { retryable: true, delivered: i },
      );
    }
    if (stopError !== undefined) throw stopError;
  }

  async close(_ctx: SinkContext): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const link = this.#link;
    this.#link = undefined;
    this.#confirmed = new Set();
    if (link !== undefined) await closeQuietly(link.model);
  }

  /** Publishes every message (`undefined`: already confirmed) and waits for the broker's verdict on each. */
  async #publish(
    ctx: SinkContext,
    link: Link,
    messages: readonly (OutgoingMessage | undefined)[],
  ): Promise<Verdict[]> {
    const verdicts: Verdict[] = messages.map((m) => (m === undefined ? "acked" : "lost"));
    // A message returned as unroutable is then acked: the return says which one it was by its message-id
    // (publishes in flight carry distinct ids unless two records are equal in every field).
    const returned = new Set<string>();
    const onReturn = (message: { properties: { messageId?: unknown } }) => {
      const id = message.properties.messageId;
      if (typeof id === "string") returned.add(id);
    };
    link.channel.on("return", onReturn);
    const confirms: Promise<void>[] = [];
    try {
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i];
        if (m === undefined) continue;
        confirms.push(
          new Promise<void>((resolve) => {
            const done = (error: unknown) => {
              if (error === null || error === undefined) {
                verdicts[i] = returned.has(String(m.options.messageId)) ? "returned" : "acked";
              } else verdicts[i] = String((error as Error).message).includes("nack") ? "nacked" : "lost";
              resolve();
            };
            try {
              link.channel.publish(m.exchange, m.routingKey, m.body, m.options, done);
            } catch {
              // The channel closed under us: this and the rest are lost, to be sent again.
              resolve();
            }
          }),
        );
      }
      const outcome = await waitAll(confirms, this.#props.confirmTimeoutMs, ctx.signal);
      if (outcome === "timeout") {
        // Confirms that never came leave the channel's state unknown: start over on a new connection.
        this.#drop(link, new Error(`no confirms within ${this.#props.confirmTimeoutMs} ms`));
        const first = verdicts.findIndex((v) => v !== "acked");
        throw new SinkError(
          `${this.#shown} did not confirm a batch within ${this.#props.confirmTimeoutMs} ms`,
          { retryable: true, delivered: first === -1 ? 0 : first },
        );
      }
      if (outcome === "aborted") {
        const first = verdicts.findIndex((v) => v !== "acked");
        // Unconfirmed at shutdown: what the broker has not confirmed stays the runtime's (on disk, with
        // buffer: disk), to be sent again; never dropped as if it could not go.
        throw new SinkError("the sink is shutting down before the broker confirmed a batch", {
          retryable: true,
          delivered: first === -1 ? messages.length : first,
        });
      }
      return verdicts;
    } finally {
      link.channel.off("return", onReturn);
    }
  }

  /**
   * A connection for a batch, after the last one was lost. Any failure is retryable here, a refusal too: it
   * is not the records' fault (a permission or a queue changed under a running sink), and they must wait.
   */
  async #reconnect(ctx: SinkContext): Promise<Link> {
    try {
      return await this.#connect(ctx);
    } catch (error) {
      if (error instanceof SinkError && error.retryable) throw error;
      const text = error instanceof Error ? error.message : String(error);
      throw new SinkError(text, { retryable: true, delivered: 0 });
    }
  }

  /** One connection at a time: a batch waiting for a reconnect shares the attempt under way. */
  #connect(ctx: SinkContext): Promise<Link> {
    this.#connecting ??= this.#makeLink(ctx).finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #makeLink(ctx: SinkContext): Promise<Link> {
    ctx.reportStatus("connecting");
    const link = await openLink(this.#props, this.#redact).catch((error: unknown) => {
      ctx.reportStatus("disconnected", error);
      throw error;
    });
    try {
      await this.#topology.setUp(link.model, link.channel);
    } catch (error) {
      await closeQuietly(link.model);
      const failure = brokerError(
        `cannot set up the exchange or queue on ${this.#shown}`,
        error,
        this.#redact,
      );
      ctx.reportStatus("disconnected", failure);
      throw failure;
    }
    if (this.#closed) {
      await closeQuietly(link.model);
      throw new SinkError("the sink is closed", { retryable: false });
    }
    const lost = (error?: unknown) => {
      if (this.#link !== link) return;
      this.#link = undefined;
      const reason = new SinkError(`the connection to ${this.#shown} was lost`, {
        retryable: true,
        ...(error instanceof Error ? { cause: brokerError("lost", error, this.#redact) } : {}),
      });
      this.#ctx?.reportStatus("disconnected", reason);
      // The connection may still be open when only the channel closed: let it go too.
      void closeQuietly(link.model);
      this.#scheduleReconnect();
    };
    link.model.on("close", lost);
    link.channel.on("close", () => lost(new Error("the channel was closed")));
    link.model.on("blocked", (reason: string) =>
      this.#ctx?.reportStatus("connected", new Error(`the broker blocks publishes: ${reason}`)),
    );
    this.#link = link;
    this.#retryDelayMs = firstRetryMs;
    ctx.reportStatus("connected");
    return link;
  }

  /**
   * Connects again in the background, backing off from 0.5 s to 30 s while the broker stays away. A batch
   * does not wait for this: it connects at once (sharing an attempt under way), paced by the runtime's retry.
   */
  #scheduleReconnect(): void {
    if (this.#closed || this.#retryTimer !== undefined) return;
    const delay = this.#retryDelayMs;
    this.#retryDelayMs = Math.min(delay * 2, maxRetryMs);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      const ctx = this.#ctx;
      if (this.#closed || this.#link !== undefined || ctx === undefined) return;
      this.#connect(ctx).catch(() => this.#scheduleReconnect());
    }, delay);
    this.#retryTimer.unref();
  }

  /** Gives up a connection whose state is unknown; the next batch connects again. */
  #drop(link: Link, error: unknown): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    this.#ctx?.reportStatus("disconnected", error);
    void closeQuietly(link.model);
    this.#scheduleReconnect();
  }
}

function exchangeName(name: string): string {
  return name === "" ? "the default exchange" : `exchange "${name}"`;
}

/** Waits for every promise, the deadline or the abort, whichever comes first. */
async function waitAll(
  all: readonly Promise<void>[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<"done" | "timeout" | "aborted"> {
  if (signal.aborted) return "aborted";
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      Promise.all(all).then(() => "done" as const),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
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

/** Load by type: `const { sink } = await import("@exhook/sink-rabbitmq")`. */
export const sink = defineSink({
  type: "rabbitmq",
  description: "publishes records to RabbitMQ (amqp, amqps) with publisher confirms, via amqplib",
  props: rabbitmqSinkProps,
  example: {
    url: "amqp://guest:guest@127.0.0.1:5672",
    exchange: "",
    queue: "exhook",
  },
  create: (props) => new RabbitmqSink(props),
});
