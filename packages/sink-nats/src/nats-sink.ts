// @exhook/sink-nats's sink: records to NATS JetStream (counted once the stream acknowledged them, each with a
// Nats-Msg-Id the stream de-duplicates by) or to core NATS (counted once the server took them).
import {
  compileTemplate,
  defineSink,
  type EventRecord,
  errorText,
  type Sink,
  type SinkContext,
  SinkError,
  type Template,
} from "@exhook/core/sink";
import {
  type JetStreamClient,
  type JetStreamManager,
  type JetStreamPublishOptions,
  jetstream,
  jetstreamManager,
  type PubAck,
} from "@nats-io/jetstream";
import { connect, headers, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";
import { connectionOptions, masked } from "./connection.js";
import { recordMsgId } from "./msg-id.js";
import { type NatsSinkProps, natsSinkProps, streamSubjectsOf } from "./props.js";
import { verdictOf } from "./publish-error.js";
import { ensureStream, isStreamNotFound } from "./stream.js";
import { filterCovers, publishSubjectProblem } from "./subject.js";

const encoder = new TextEncoder();

/** One record ready to publish. */
interface Outgoing {
  subject: string;
  data: Uint8Array;
  msgId: string;
  headers: MsgHdrs;
}

export class NatsSink implements Sink {
  readonly #props: NatsSinkProps;
  readonly #subject: Template;
  readonly #payload: Template | undefined;
  /** The servers as messages show them (the schema refuses credentials in them). */
  readonly #shown: string;
  #nc: NatsConnection | undefined;
  #js: JetStreamClient | undefined;
  #jsm: JetStreamManager | undefined;
  #connected = false;
  #lastError: unknown;

  /** `props` as `natsSinkProps.parse` returns them. */
  constructor(props: NatsSinkProps) {
    this.#props = props;
    this.#subject = compileTemplate(props.subject);
    this.#payload = props.payload === undefined ? undefined : compileTemplate(props.payload);
    this.#shown = typeof props.servers === "string" ? props.servers : props.servers.join(",");
  }

  /**
   * Connects, and in JetStream mode checks JetStream and the stream (creating it with `createStream`).
   * A server that is away or refuses the login is retryable; a stream that exists without the subjects
   * the sink publishes to is fatal (a config mistake).
   */
  async open(ctx: SinkContext): Promise<void> {
    const options = await connectionOptions(this.#props);
    let nc: NatsConnection;
    try {
      nc = await connect(options);
    } catch (error) {
      throw this.#error(`cannot connect to ${this.#shown}`, error, true);
    }
    this.#nc = nc;
    this.#connected = true;
    this.#watch(ctx, nc);
    if (this.#props.mode === "jetstream") {
      try {
        this.#jsm = await jetstreamManager(nc, { timeout: this.#props.ackTimeoutMs });
        this.#js = jetstream(nc, { timeout: this.#props.ackTimeoutMs });
        await this.#checkStream();
      } catch (error) {
        if (error instanceof SinkError) throw error;
        throw this.#error(`JetStream on ${this.#shown}`, error, true);
      }
    }
    ctx.reportStatus("connected");
  }

  async #checkStream(): Promise<void> {
    const props = this.#props;
    const jsm = this.#jsm!;
    if (props.stream === undefined) return;
    if (props.createStream) {
      await ensureStream(jsm, {
        name: props.stream,
        subjects: streamSubjectsOf(props),
        duplicateWindowMs: props.duplicateWindowMs,
      });
      return;
    }
    try {
      await jsm.streams.info(props.stream);
    } catch (error) {
      // Retryable: an operator may create it; meanwhile the status says why nothing goes.
      if (isStreamNotFound(error)) {
        throw new SinkError(`stream "${props.stream}" does not exist (createStream is off)`, {
          retryable: true,
          cause: error,
        });
      }
      throw error;
    }
  }

  /** Follows nats.js's own reconnects, for the status and for failing fast while disconnected. */
  #watch(ctx: SinkContext, nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) {
        if (this.#nc !== nc) return;
        if (status.type === "disconnect") {
          this.#connected = false;
          ctx.reportStatus("disconnected", this.#shownError(this.#lastError));
        } else if (status.type === "reconnecting") {
          ctx.reportStatus("connecting");
        } else if (status.type === "reconnect") {
          this.#connected = true;
          ctx.reportStatus("connected");
        } else if (status.type === "error") {
          this.#lastError = status.error;
        }
      }
    })().catch(() => {});
    nc.closed().then(
      (error) => {
        if (this.#nc !== nc) return;
        this.#connected = false;
        if (error) this.#lastError = error;
      },
      () => {},
    );
  }

  async collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    if (this.#nc?.isClosed() === true) {
      // nats.js gave up (a login refused twice, say): start over, as the runtime would with a failed open.
      await this.close(ctx);
      await this.open(ctx);
    }
    const nc = this.#nc;
    if (nc === undefined || !this.#connected) {
      // While nats.js reconnects it would buffer publishes in memory; failing here keeps records in the
      // runtime's bounded queue (or the disk buffer) instead, in order.
      throw this.#error(`not connected to ${this.#shown}`, this.#lastError, true);
    }
    const outgoing: Outgoing[] = [];
    let invalidAt = -1;
    let invalidReason = "";
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const subject = this.#subject.render(record);
      const problem = publishSubjectProblem(subject);
      if (problem !== undefined) {
        invalidAt = i;
        invalidReason = `subject rendered for a ${record.hook} record ${problem}`;
        break;
      }
      outgoing.push(this.#outgoing(record, subject));
    }
    const failure =
      this.#props.mode === "jetstream"
        ? await this.#publishJetStream(ctx, outgoing)
        : await this.#publishCore(ctx, nc, outgoing);
    if (failure !== undefined) throw failure;
    if (invalidAt !== -1) throw new SinkError(invalidReason, { retryable: false, delivered: invalidAt });
  }

  #outgoing(record: EventRecord, subject: string): Outgoing {
    const json = JSON.stringify(record);
    const text = this.#payload === undefined ? json : this.#payload.render(record);
    const msgId = recordMsgId(record, json);
    const h = headers();
    h.set("Exhook-Hook", record.hook);
    h.set("Exhook-Node", record.node);
    if (this.#payload === undefined) h.set("Content-Type", "application/json");
    return { subject, data: encoder.encode(text), msgId, headers: h };
  }

  /**
   * Publishes the whole batch at once and waits for every PubAck. The runtime counts a prefix of the batch
   * as delivered; records after a failed one that were acknowledged are sent again on the retry, and the
   * stream drops them by their Nats-Msg-Id (within its duplicate window): each is stored once.
   */
  async #publishJetStream(ctx: SinkContext, outgoing: readonly Outgoing[]): Promise<SinkError | undefined> {
    const js = this.#js!;
    const props = this.#props;
    const aborted = abortPromise(ctx.signal);
    const acks = outgoing.map((o) => {
      const options: Partial<JetStreamPublishOptions> = {
        msgID: o.msgId,
        timeout: props.ackTimeoutMs,
        headers: o.headers,
      };
      if (props.stream !== undefined) options.expect = { streamName: props.stream };
      return Promise.race([js.publish(o.subject, o.data, options), aborted.promise]);
    });
    const results = await Promise.allSettled<PubAck>(acks);
    aborted.dispose();
    const failedAt = results.findIndex((r) => r.status === "rejected");
    if (failedAt === -1) return undefined;
    const error = (results[failedAt] as PromiseRejectedResult).reason;
    const failed = outgoing[failedAt]!;
    const what = `publish to ${failed.subject} on ${this.#shown}`;
    if (ctx.signal.aborted) return this.#error(what, error, true, failedAt);
    const verdict = verdictOf(error);
    if (verdict === "never") return this.#error(what, error, false, failedAt);
    if (verdict === "no-stream" && (await this.#noStreamTakes(failed.subject))) {
      return this.#error(`no stream takes subject ${failed.subject}`, error, false, failedAt);
    }
    return this.#error(what, error, true, failedAt);
  }

  /**
   * After "no responders": true when the server says no stream takes `subject` (the record can never go),
   * false when one does or the answer is unclear (retry). With createStream, a stream deleted under the sink
   * is made again when it would take the subject.
   */
  async #noStreamTakes(subject: string): Promise<boolean> {
    const jsm = this.#jsm!;
    try {
      await jsm.streams.find(subject);
      return false;
    } catch (error) {
      if (!isStreamNotFound(error)) return false;
    }
    const props = this.#props;
    if (!props.createStream || props.stream === undefined) return true;
    const subjects = streamSubjectsOf(props);
    if (!subjects.some((s) => filterCovers(s, subject))) return true;
    try {
      await ensureStream(jsm, {
        name: props.stream,
        subjects,
        duplicateWindowMs: props.duplicateWindowMs,
      });
    } catch {
      // Reported on the retry, whose publish meets the same state.
    }
    return false;
  }

  /**
   * Core NATS has no acknowledgment: the records count once the server answered a PING sent after them
   * (`flush`), i.e. it has taken them. Who receives them is not known (at most once for subscribers).
   */
  async #publishCore(
    ctx: SinkContext,
    nc: NatsConnection,
    outgoing: readonly Outgoing[],
  ): Promise<SinkError | undefined> {
    let refused: SinkError | undefined;
    let sent = 0;
    for (const o of outgoing) {
      o.headers.set("Nats-Msg-Id", o.msgId);
      try {
        nc.publish(o.subject, o.data, { headers: o.headers });
      } catch (error) {
        const retryable = verdictOf(error) === "retry";
        refused = this.#error(`publish to ${o.subject} on ${this.#shown}`, error, retryable, sent);
        break;
      }
      sent++;
    }
    if (sent > 0) {
      const aborted = abortPromise(ctx.signal);
      const timer = timeout(this.#props.ackTimeoutMs);
      try {
        await Promise.race([nc.flush(), aborted.promise, timer.promise]);
      } catch (error) {
        return this.#error(`flush to ${this.#shown}`, error, true, 0);
      } finally {
        aborted.dispose();
        timer.dispose();
      }
    }
    return refused;
  }

  async close(_ctx: SinkContext): Promise<void> {
    const nc = this.#nc;
    this.#nc = undefined;
    this.#js = undefined;
    this.#jsm = undefined;
    this.#connected = false;
    if (nc === undefined || nc.isClosed()) return;
    // Whatever is still in nats.js's buffer goes out if the server answers soon; never wait long.
    const timer = timeout(1000);
    await Promise.race([nc.flush(), timer.promise]).catch(() => {});
    timer.dispose();
    await nc.close().catch(() => {});
  }

  /** An error for the status (the admin API shows it): its text with the secrets masked. */
  #shownError(error: unknown): Error | undefined {
    return error === undefined ? undefined : new Error(masked(this.#props, errorText(error)));
  }

  /** A SinkError whose message names the servers and the cause, never a secret. */
  #error(what: string, cause: unknown, retryable: boolean, delivered?: number): SinkError {
    const text = cause === undefined ? what : `${what}: ${errorText(cause)}`;
    const options: { retryable: boolean; delivered?: number } = { retryable };
    if (delivered !== undefined) options.delivered = delivered;
    // The cause is left out: nats.js errors carry the connection's options (credentials) in their context.
    return new SinkError(masked(this.#props, text), options);
  }
}

function abortPromise(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort: () => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason ?? new Error("aborted"));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}

function timeout(ms: number): { promise: Promise<never>; dispose: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  promise.catch(() => {});
  return { promise, dispose: () => clearTimeout(timer) };
}

/** Load by type: `const { sink } = await import("@exhook/sink-nats")`. */
export const sink = defineSink({
  type: "nats",
  description:
    "publishes records to NATS JetStream (acknowledged, de-duplicated by Nats-Msg-Id) or core NATS",
  props: natsSinkProps,
  example: {
    servers: "nats://127.0.0.1:4222",
    subject: "exhook.${hook}.${clientid}",
    stream: "EXHOOK",
    createStream: true,
  },
  create: (props) => new NatsSink(props),
});
