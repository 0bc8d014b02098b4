// The RabbitMQ sink's props (a zod schema), and how its URL is shown: with the password masked.
import { check, checkCertAndKey, compileTemplate, templateProblem, tlsProps, z } from "@exhook/core/sink";

const schemes = new Set(["amqp:", "amqps:"]);

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL such as amqp://guest:guest@127.0.0.1:5672";
  }
  if (!schemes.has(url.protocol)) return "must be an amqp:// or amqps:// (TLS) URL";
  if (url.hostname === "") return "must name a host";
  return undefined;
}

/** The URL as errors and logs show it: a password in it (`amqp://user:pw@host`) is masked. */
export function shownUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "(an invalid URL)";
  }
  if (url.password === "") return value;
  url.password = "***";
  return url.href;
}

const template = () => z.string().superRefine(check(templateProblem));
const ms = (description: string, defaultMs: number) =>
  z.number().int().min(100).default(defaultMs).describe(description);

/** AMQP short strings (exchange and queue names, routing keys) are at most 255 bytes. */
export const maxShortString = 255;

function nameProblem(value: string): string | undefined {
  return Buffer.byteLength(value) > maxShortString ? `must be at most ${maxShortString} bytes` : undefined;
}

export const rabbitmqSinkProps = z
  .strictObject({
    url: z
      .string()
      .superRefine(check(urlProblem))
      .describe(
        "the broker: amqp:// or amqps:// (TLS) URL with user, password and vhost (amqp://user:pw@host:5672/vhost)",
      ),
    exchange: template()
      .default("")
      .describe('the exchange each record is published to: a template; "" is the default exchange'),
    exchangeType: z
      .enum(["direct", "topic", "fanout", "headers"])
      .default("topic")
      .describe("the type of the exchange `declare` creates"),
    declare: z
      .boolean()
      .default(false)
      .describe("declare the exchange (durable) if it does not exist; otherwise it must exist"),
    routingKey: template()
      .optional()
      .describe(
        'the routing key of each record: a template (default: the queue when exchange is "", else exhook.${hook})',
      ),
    queue: z
      .string()
      .min(1)
      .superRefine(check(nameProblem))
      .optional()
      .describe("a queue to declare (durable) and bind to the exchange when the sink opens"),
    bindingKey: z
      .string()
      .superRefine(check(nameProblem))
      .optional()
      .describe(
        "the binding key of `queue` (default: the routing key when it has no ${field}, else # for all)",
      ),
    payload: template()
      .optional()
      .describe("a template of record fields for the message body; by default the record as JSON"),
    contentType: z
      .string()
      .optional()
      .describe("the content-type property (default application/json for the record as JSON)"),
    persistent: z
      .boolean()
      .default(true)
      .describe("delivery mode 2: durable queues keep the messages across a broker restart"),
    mandatory: z
      .boolean()
      .default(true)
      .describe(
        "publish with the mandatory flag: a message no queue takes is returned and dropped as fatal (false: RabbitMQ drops it silently)",
      ),
    heartbeat: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(30)
      .describe("seconds between heartbeats (0: none); a silent broker is noticed after two"),
    connectTimeoutMs: ms("how long a connection attempt (TCP, TLS and the AMQP handshake) may take", 5000),
    confirmTimeoutMs: ms(
      "how long a batch may wait for the broker's confirms; then the connection is dropped and the batch retried",
      30_000,
    ),
    ...tlsProps,
  })
  .superRefine((props, ctx) => {
    checkCertAndKey(props, ctx);
    // The default exchange routes by queue name: with no queue and no routing key nothing would arrive.
    if (props.exchange === "" && props.routingKey === undefined && props.queue === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["routingKey"],
        message:
          'is required when exchange is "" (the default exchange routes by queue name) and no queue is given',
      });
    }
    if (props.declare && props.exchange === "") {
      ctx.addIssue({
        code: "custom",
        path: ["declare"],
        message: 'cannot declare the default exchange (""): name an exchange',
      });
    }
    const tls = props.ca !== undefined || props.cert !== undefined || props.servername !== undefined;
    if (tls && urlProblem(props.url) === undefined && new URL(props.url).protocol !== "amqps:") {
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: "must be an amqps:// URL when ca, cert, key or servername is given",
      });
    }
  });

export type RabbitmqSinkProps = z.output<typeof rabbitmqSinkProps>;

/** The routing key template the props ask for, with its default filled in. */
export function routingKeySource(props: RabbitmqSinkProps): string {
  if (props.routingKey !== undefined) return props.routingKey;
  return props.exchange === "" && props.queue !== undefined ? props.queue : "exhook.${hook}";
}

/** The key `queue` is bound with: the routing key when it is fixed, else everything (`#`). */
export function bindingKeyOf(props: RabbitmqSinkProps): string {
  if (props.bindingKey !== undefined) return props.bindingKey;
  const routingKey = compileTemplate(routingKeySource(props));
  return routingKey.fields.length === 0 ? routingKey.source : "#";
}
