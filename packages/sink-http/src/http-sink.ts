// @exhook/sink-http's sink: posts records to a webhook over a bounded keep-alive pool, delivered on a 2xx.
import { Agent as HttpAgent, type OutgoingHttpHeaders } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { ConnectionOptions } from "node:tls";
import {
  compileTemplate,
  defineSink,
  type EventRecord,
  type Sink,
  type SinkContext,
  SinkError,
  tlsConnectionOptions,
} from "@exhook/core/sink";
import { failureText, staleConnection, targetAbsent, verdict } from "./answer.js";
import { BackOnline } from "./back-online.js";
import { BodyMaker, type Outgoing } from "./body.js";
import { defaultPort, probe } from "./probe.js";
import { type HttpSinkProps, httpSinkProps, shownUrl } from "./props.js";
import { type HttpOutcome, type HttpTarget, send } from "./request.js";
import { signBody } from "./signature.js";

export class HttpSink implements Sink {
  readonly #props: HttpSinkProps;
  readonly #url: URL;
  /** `url` with user, password and query values masked, for messages. */
  readonly #shown: string;
  readonly #bodies: BodyMaker;
  /** The configured headers with the default Content-Type, as sent with every request. */
  readonly #headers: OutgoingHttpHeaders;
  /** Texts that must never appear in an error (header values, the URL's credentials, the HMAC key). */
  readonly #secrets: string[];
  #target: HttpTarget | undefined;
  #backOnline: BackOnline | undefined;

  /** `props` as `httpSinkProps.parse` returns them. */
  constructor(props: HttpSinkProps) {
    this.#props = props;
    this.#url = new URL(props.url);
    this.#shown = shownUrl(props.url);
    this.#bodies = new BodyMaker(
      props.body,
      props.payload === undefined ? undefined : compileTemplate(props.payload),
    );
    const configured = Object.keys(props.headers).some((h) => h.toLowerCase() === "content-type");
    this.#headers = configured
      ? { ...props.headers }
      : { ...props.headers, "content-type": this.#bodies.contentType };
    this.#secrets = [
      ...Object.values(props.headers),
      decodeURIComponent(this.#url.username),
      decodeURIComponent(this.#url.password),
      props.secret ?? "",
    ]
      // Very short values would mask ordinary words of a message; they are no secrets worth the name.
      .filter((s) => s.length >= 4)
      .sort((a, b) => b.length - a.length);
  }

  /**
   * Makes the pool and checks the target accepts connections (a TLS handshake for https, so an untrusted
   * certificate shows here). Not reachable: retryable. A TLS file that cannot be read: a config error.
   */
  async open(ctx: SinkContext): Promise<void> {
    const props = this.#props;
    const https = this.#url.protocol === "https:";
    let tls: ConnectionOptions | undefined;
    if (https) {
      tls = await tlsConnectionOptions(props);
    }
    const pool = {
      keepAlive: true,
      maxSockets: props.maxSockets,
      maxFreeSockets: props.maxSockets,
      // An idle pooled connection is closed after this (or the target's own `Keep-Alive: timeout`, if shorter).
      timeout: props.idleTimeoutMs,
      // Reuse the connection used last: the one least likely to have been closed by the target meanwhile.
      scheduling: "lifo" as const,
    };
    const agent = https ? new HttpsAgent({ ...pool, ...tls }) : new HttpAgent(pool);
    this.#target = { url: this.#url, method: props.method, agent, timeoutMs: props.timeoutMs };
    const probeTarget = {
      host: this.#url.hostname.replace(/^\[|\]$/g, ""),
      port: defaultPort(this.#url),
      tls,
      timeoutMs: Math.min(props.timeoutMs, 5000),
    };
    this.#backOnline = new BackOnline(probeTarget);
    try {
      await probe(probeTarget);
    } catch (error) {
      throw new SinkError(`cannot connect to ${this.#shown}: ${this.#redact(failureText(error))}`, {
        retryable: true,
      });
    }
    ctx.reportStatus("connected");
  }

  /**
   * Sends the batch's requests one after another (order is kept) and resolves once each was answered 2xx.
   * A failure says how many records went before it, so the runtime retries (or drops) from there.
   */
  async collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const target = this.#target;
    if (target === undefined) throw new SinkError(`not open: ${this.#shown}`, { retryable: true });
    let delivered = 0;
    for (const outgoing of this.#bodies.make(records)) {
      const outcome = await this.#sendOnce(target, outgoing, ctx.signal);
      if (outcome.kind === "error") {
        if (targetAbsent(outcome.error)) this.#backOnline?.arm(ctx);
        throw new SinkError(
          `${target.method} ${this.#shown} failed: ${this.#redact(failureText(outcome.error))}`,
          { retryable: true, delivered },
        );
      }
      const answer = verdict(outcome.response);
      if (answer.kind === "retry") {
        throw new SinkError(
          `${this.#shown} answered ${answer.reason}${this.#detail(outcome.response.text)}`,
          answer.retryAfterMs === undefined
            ? { retryable: true, delivered }
            : { retryable: true, delivered, retryAfterMs: answer.retryAfterMs },
        );
      }
      if (answer.kind === "refused") {
        // One record per request: only that record is bad. A batch body: the whole batch is.
        throw new SinkError(
          `${this.#shown} refused ${outgoing.count === 1 ? "a record" : `a batch of ${outgoing.count}`}: ${answer.reason}${this.#detail(outcome.response.text)}`,
          this.#bodies.mode === "record" ? { retryable: false, delivered } : { retryable: false },
        );
      }
      delivered += outgoing.count;
    }
    this.#backOnline?.disarm();
  }

  async close(_ctx: SinkContext): Promise<void> {
    this.#backOnline?.disarm();
    this.#backOnline = undefined;
    this.#target?.agent.destroy();
    this.#target = undefined;
  }

  /** One request, sent again at once (once) when a pooled connection turned out to be closed by the target. */
  async #sendOnce(target: HttpTarget, outgoing: Outgoing, signal: AbortSignal): Promise<HttpOutcome> {
    let outcome = await send(target, this.#requestHeaders(outgoing), outgoing.body, signal);
    if (outcome.kind === "error" && staleConnection(outcome.error, outcome.reusedSocket) && !signal.aborted) {
      outcome = await send(target, this.#requestHeaders(outgoing), outgoing.body, signal);
    }
    return outcome;
  }

  #requestHeaders(outgoing: Outgoing): OutgoingHttpHeaders {
    const props = this.#props;
    const headers: OutgoingHttpHeaders = { ...this.#headers };
    if (props.idempotencyHeader !== "") headers[props.idempotencyHeader] = outgoing.key;
    if (props.secret !== undefined) {
      // Signed at each attempt: a retry an hour later carries a fresh timestamp, within a receiver's window.
      const timestamp = String(Math.floor(Date.now() / 1000));
      headers[props.timestampHeader] = timestamp;
      headers[props.signatureHeader] = signBody(props.secret, timestamp, outgoing.body);
    }
    return headers;
  }

  /** The start of an error answer's body, on one line, with anything secret masked. */
  #detail(text: string): string {
    const line = text.replace(/\s+/g, " ").trim();
    return line === "" ? "" : `: ${this.#redact(line.slice(0, 200))}`;
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.replaceAll(secret, "***");
    return out;
  }
}

/** Load by type: `const { sink } = await import("@exhook/sink-http")`. */
export const sink = defineSink({
  type: "http",
  description: "posts records to an HTTP(S) webhook (one per request or a JSON array per batch)",
  props: httpSinkProps,
  example: { url: "http://127.0.0.1:8080/hook" },
  create: (props) => new HttpSink(props),
});
