// One AMQP connection with its confirm channel: connects with the sink's TLS and heartbeat options, and
// turns amqplib's errors into SinkErrors whose messages never carry the password.
import { errorText, SinkError, tlsConnectionOptions } from "@exhook/core/sink";
import { type ChannelModel, type ConfirmChannel, connect, type SocketOptions } from "amqplib";
import { type RabbitmqSinkProps, shownUrl } from "./props.js";

/** Replaces every spelling of the URL's password (raw and percent-decoded) in `text`. */
export function redactor(url: string): (text: string) => string {
  let secrets: string[] = [];
  try {
    const password = new URL(url).password;
    if (password !== "") secrets = [...new Set([password, safeDecode(password)])].filter((s) => s.length > 0);
  } catch {
    // An invalid URL never reaches here: the schema refused it.
  }
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join("***");
    return out;
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * AMQP reply codes that say the broker refused a request for good (RabbitMQ closes the channel or the
 * connection with them): retrying the same thing gets the same answer.
 */
const refusals = new Map<number, string>([
  [403, "ACCESS_REFUSED"],
  [404, "NOT_FOUND"],
  [405, "RESOURCE_LOCKED"],
  [406, "PRECONDITION_FAILED"],
  [530, "NOT_ALLOWED"],
]);

/** The AMQP reply code an amqplib error carries (a channel or connection closed by the broker). */
export function replyCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

export function isRefusal(error: unknown): boolean {
  const code = replyCode(error);
  if (code !== undefined) return refusals.has(code);
  // A login refused during the handshake is a 403 in the message only ("ACCESS-REFUSED").
  return /ACCESS[-_]REFUSED/.test(errorText(error));
}

export interface Link {
  readonly model: ChannelModel;
  readonly channel: ConfirmChannel;
}

/** The `SinkError` for a failed call to the broker: retryable unless the broker refused it for good. */
export function brokerError(
  what: string,
  error: unknown,
  redact: (text: string) => string,
  delivered?: number,
): SinkError {
  const text = redact(errorText(error));
  // The cause is left out when its text would show the password; the message says what it said.
  const safeCause = error instanceof Error && redact(error.message) === error.message ? error : undefined;
  return new SinkError(`${what}: ${text}`, {
    retryable: !isRefusal(error),
    ...(safeCause === undefined ? {} : { cause: safeCause }),
    ...(delivered === undefined ? {} : { delivered }),
  });
}

/** Connects and opens a confirm channel; a failure is a SinkError (retryable unless refused). */
export async function openLink(props: RabbitmqSinkProps, redact: (text: string) => string): Promise<Link> {
  const socket: SocketOptions = {
    timeout: props.connectTimeoutMs,
    noDelay: true,
    rejectUnauthorized: props.rejectUnauthorized,
    clientProperties: { connection_name: "exhook-sink-rabbitmq" },
  };
  Object.assign(socket, await tlsConnectionOptions(props));
  const url = new URL(props.url);
  url.searchParams.set("heartbeat", String(props.heartbeat));
  let model: ChannelModel;
  try {
    model = await connect(url.href, socket);
  } catch (error) {
    throw brokerError(`cannot connect to ${shownUrl(props.url)}`, error, redact);
  }
  // Until the caller attaches its own: an 'error' with no listener would throw out of the socket's handler.
  model.on("error", () => {});
  try {
    const channel = await model.createConfirmChannel();
    channel.on("error", () => {});
    return { model, channel };
  } catch (error) {
    await closeQuietly(model);
    throw brokerError(`cannot open a channel on ${shownUrl(props.url)}`, error, redact);
  }
}

/** Closes a connection, never waiting long on a broker that does not answer, never throwing. */
export async function closeQuietly(model: ChannelModel, waitMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    model.close().catch(() => {}),
    new Promise((resolve) => {
      timer = setTimeout(resolve, waitMs);
    }),
  ]);
  clearTimeout(timer);
  // A close the broker never answered leaves the socket: drop it.
  const stream = (model.connection as unknown as { stream?: { destroy?: () => void } }).stream;
  stream?.destroy?.();
}
