// @exhook/sink-mqtt's sink: bridges records to any MQTT broker with mqtt.js, acknowledged before counted.
import { randomBytes } from "node:crypto";
import {
  check,
  checkCertAndKey,
  compileTemplate,
  defineSink,
  type EventRecord,
  errorText,
  type Sink,
  type SinkContext,
  SinkError,
  type Template,
  templateProblem,
  tlsConnectionOptions,
  tlsProps,
  z,
} from "@exhook/core/sink";
import { connect, type IClientOptions, type IClientPublishOptions, type MqttClient } from "mqtt";
import { brokerPort, Reconnector } from "./reconnect.js";

const schemes = new Set(["mqtt:", "mqtts:", "ws:", "wss:"]);

function serverProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL such as mqtt://127.0.0.1:1883";
  }
  if (!schemes.has(url.protocol)) return "must be an mqtt://, mqtts://, ws:// or wss:// URL";
  if (url.hostname === "") return "must name a host";
  return undefined;
}

/** The server URL as errors and logs show it: a password in it (`mqtt://user:pw@host`) is masked. */
function shownServer(value: string): string {
  const url = new URL(value);
  if (url.password === "") return value;
  url.password = "***";
  return url.href;
}

const template = () => z.string().superRefine(check(templateProblem));
const ms = (description: string, defaultMs: number) =>
  z.number().min(100).default(defaultMs).describe(description);

export const mqttSinkProps = z
  .strictObject({
    server: z
      .string()
      .superRefine(check(serverProblem))
      .describe("the broker: mqtt://, mqtts:// (TLS), ws:// or wss:// URL"),
    topic: template()
      .min(1)
      .default("exhook/${hook}/${clientid}")
      .describe("the topic of each record: a template of record fields"),
    payload: template()
      .optional()
      .describe("a template of record fields for the payload; by default the record as JSON"),
    qos: z.literal([0, 1, 2]).default(1).describe("QoS of the publishes; 1 and 2 count once acknowledged"),
    retain: z.boolean().default(false).describe("publish with the retain flag"),
    clientId: z.string().min(1).optional().describe("MQTT client id (default exhook-sink-<random>)"),
    username: z.string().optional(),
    password: z.string().optional().meta({ secret: true }),
    protocolVersion: z
      .literal([4, 5])
      .default(4)
      .describe("4 (MQTT 3.1.1) or 5 (adds user properties hook and node to each publish)"),
    keepalive: z.number().int().min(0).max(65535).default(30).describe("seconds"),
    connectTimeoutMs: ms("how long a connection attempt may take", 5000),
    reconnectPeriodMs: ms(
      "the wait after a failed reconnect, ms (a lost connection is tried again at once)",
      1000,
    ),
    maxReconnectPeriodMs: ms(
      "longest wait between reconnects, ms (it doubles while the broker stays away; its port is probed every 0.5 s meanwhile)",
      30_000,
    ),
    ...tlsProps,
  })
  .superRefine(checkCertAndKey);

export type MqttSinkProps = z.output<typeof mqttSinkProps>;

export class MqttSink implements Sink {
  readonly #props: MqttSinkProps;
  readonly #topic: Template;
  readonly #payload: Template | undefined;
  #client: MqttClient | undefined;
  #reconnector: Reconnector | undefined;
  #lastError: unknown;
  /** `server` with any password masked, for messages. */
  readonly #shown: string;

  /** `props` as `mqttSinkProps.parse` returns them. */
  constructor(props: MqttSinkProps) {
    this.#props = props;
    this.#shown = shownServer(props.server);
    this.#topic = compileTemplate(props.topic);
    this.#payload = props.payload === undefined ? undefined : compileTemplate(props.payload);
  }

  /** Connects; resolves on CONNACK. A refused or failed connection is retryable: the runtime retries. */
  async open(ctx: SinkContext): Promise<void> {
    const props = this.#props;
    const options: IClientOptions = {
      clientId: props.clientId ?? `exhook-sink-${randomBytes(6).toString("hex")}`,
      protocolVersion: props.protocolVersion,
      clean: true,
      keepalive: props.keepalive,
      connectTimeout: props.connectTimeoutMs,
      // Reconnects are this sink's (see reconnect.ts); `client.connect()` keeps the in-flight QoS 1/2 publishes,
      // which mqtt.js resends once connected.
      reconnectPeriod: 0,
      // Offline, publishes fail at once instead of piling up in mqtt.js: records wait in the runtime's
      // bounded queue, in order.
      queueQoSZero: false,
      resubscribe: false,
      rejectUnauthorized: props.rejectUnauthorized,
    };
    if (props.username !== undefined) options.username = props.username;
    if (props.password !== undefined) options.password = props.password;
    Object.assign(options, await tlsConnectionOptions(props));

    const client = connect(props.server, options);
    this.#client = client;
    const url = new URL(props.server);
    // The error of the current attempt: whether it reached a broker decides how the next one waits.
    let attemptError: unknown;
    const reconnector = new Reconnector(
      {
        host: url.hostname.replace(/^\[|\]$/g, ""),
        port: brokerPort(url),
        initialMs: props.reconnectPeriodMs,
        maxMs: props.maxReconnectPeriodMs,
        probeMs: Math.min(500, props.reconnectPeriodMs),
        probeTimeoutMs: props.connectTimeoutMs,
      },
      () => {
        attemptError = undefined;
        ctx.reportStatus("connecting");
        client.connect();
      },
    );
    reconnector.attempting();
    this.#reconnector = reconnector;
    let opened = false;
    client.on("connect", () => {
      opened = true;
      attemptError = undefined;
      reconnector.connected();
      ctx.reportStatus("connected");
    });
    client.on("close", () => {
      // Before the first CONNACK the runtime owns retries (open rejects below); after it, this sink does.
      if (!opened) return;
      ctx.reportStatus("disconnected", attemptError);
      reconnector.closed(attemptError);
    });
    client.on("error", (error) => {
      this.#lastError = error;
      attemptError = error;
      ctx.reportStatus(client.connected ? "connected" : "disconnected", error);
    });
    await new Promise<void>((resolve, reject) => {
      const done = (error?: unknown) => {
        client.off("connect", onConnect);
        client.off("error", onError);
        client.off("close", onClose);
        if (error === undefined) resolve();
        else
          reject(
            new SinkError(`cannot connect to ${this.#shown}: ${errorText(error)}`, {
              retryable: true,
              cause: error,
            }),
          );
      };
      const onConnect = () => done();
      const onError = (error: Error) => done(error);
      const onClose = () => done(this.#lastError ?? new Error("connection closed"));
      client.on("connect", onConnect);
      client.on("error", onError);
      client.on("close", onClose);
    });
  }

  async collect(ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const props = this.#props;
    const client = this.#client;
    if (client === undefined || !client.connected) {
      throw new SinkError(`not connected to ${this.#shown}`, { retryable: true, cause: this.#lastError });
    }
    // Publishes go out back to back (mqtt.js writes them in order) and are awaited in order, so that a
    // failure says exactly how many went.
    const sent: Promise<unknown>[] = [];
    let invalidAt = -1;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const topic = this.#topic.render(record);
      if (topic === "" || topic.includes("+") || topic.includes("#")) {
        invalidAt = i;
        break;
      }
      const payload = this.#payload === undefined ? JSON.stringify(record) : this.#payload.render(record);
      const options: IClientPublishOptions = { qos: props.qos, retain: props.retain };
      if (props.protocolVersion === 5) {
        options.properties = { userProperties: { hook: record.hook, node: record.node } };
        if (this.#payload === undefined) options.properties.contentType = "application/json";
      }
      const publish = client.publishAsync(topic, payload, options);
      // Awaited below in order; this keeps a later failure from being an unhandled rejection meanwhile.
      publish.catch(() => {});
      sent.push(publish);
    }
    const aborted = abortPromise(ctx.signal);
    for (let i = 0; i < sent.length; i++) {
      try {
        // QoS 1/2 resolve on the broker's acknowledgment; if the connection drops, mqtt.js resends them
        // itself after reconnecting, so waiting here keeps them in order and counted once.
        await Promise.race([sent[i], aborted.promise]);
      } catch (error) {
        aborted.dispose();
        throw new SinkError(`publish to ${this.#shown} failed: ${errorText(error)}`, {
          retryable: true,
          cause: error,
          delivered: i,
        });
      }
    }
    aborted.dispose();
    if (invalidAt !== -1) {
      const record = records[invalidAt]!;
      throw new SinkError(`topic rendered for a ${record.hook} record is not a valid topic`, {
        retryable: false,
        delivered: invalidAt,
      });
    }
  }

  async close(_ctx: SinkContext): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#reconnector?.stop();
    this.#reconnector = undefined;
    if (client === undefined) return;
    client.removeAllListeners("connect");
    if (client.connected) {
      // A graceful DISCONNECT, but never wait long on a broker that does not answer.
      await Promise.race([client.endAsync(false), new Promise((r) => setTimeout(r, 1000).unref())]);
    }
    await client.endAsync(true);
  }
}

/** PEM given inline, or read from a file; a file that cannot be read is a config error naming the property. */
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

/** Load by type: `const { sink } = await import("@exhook/sink-mqtt")`. */
export const sink = defineSink({
  type: "mqtt",
  description: "bridges records to any MQTT broker (mqtt, mqtts, ws, wss) with mqtt.js",
  props: mqttSinkProps,
  example: { server: "mqtt://127.0.0.1:1883" },
  create: (props) => new MqttSink(props),
});
