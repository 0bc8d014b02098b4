// The NATS sink's props: a zod schema, checked once when the sink is added (every problem with its path).
import { check, checkCertAndKey, templateProblem, z } from "@exhook/core/sink";
import { defaultStreamSubjects, filterProblem } from "./subject.js";

const schemes = new Set(["nats:", "tls:"]);

/** A server as nats.js takes it: `nats://host:port`, `tls://host:port`, or a bare `host:port`. */
export function serverUrl(value: string): URL {
  return new URL(value.includes("://") ? value : `nats://${value}`);
}

function serverProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = serverUrl(value);
  } catch {
    return "must be a URL such as nats://127.0.0.1:4222";
  }
  if (!schemes.has(url.protocol)) return "must be a nats:// or tls:// URL (or host:port)";
  if (url.hostname === "") return "must name a host";
  // nats.js ignores credentials in a URL; refusing them keeps a password out of every listing of servers.
  if (url.username !== "" || url.password !== "") return "cannot carry credentials: give user/pass or token";
  return undefined;
}

const server = z.string().superRefine(check(serverProblem));
const template = () => z.string().superRefine(check(templateProblem));
const filter = z.string().superRefine(check(filterProblem));
const ms = (description: string, defaultMs: number, min = 100) =>
  z.number().min(min).default(defaultMs).describe(description);

export const natsSinkProps = z
  .strictObject({
    servers: z
      .union([server, z.array(server).min(1)])
      .describe("the server, or a list of them (a cluster): nats://host:port, tls://host:port or host:port"),
    mode: z
      .enum(["jetstream", "core"])
      .default("jetstream")
      .describe(
        "jetstream: each record counts once the stream acknowledged it; core: once the server took it (no persistence)",
      ),
    subject: template()
      .min(1)
      .default("exhook.${hook}.${clientid}")
      .describe("the subject of each record: a template of record fields"),
    payload: template()
      .optional()
      .describe("a template of record fields for the payload; by default the record as JSON"),
    stream: z
      .string()
      .regex(/^[^\s.*>/\\]+$/, "must be a stream name: no whitespace, '.', '*', '>', '/' or '\\'")
      .optional()
      .describe(
        "jetstream: the stream the records go to (publishes are refused if their subject lands in another)",
      ),
    createStream: z
      .boolean()
      .default(false)
      .describe("jetstream: create the stream when it does not exist (and check its subjects when it does)"),
    streamSubjects: z
      .array(filter)
      .min(1)
      .optional()
      .describe(
        "createStream: the subjects the stream takes (default: the subject template's literal prefix, then '>')",
      ),
    duplicateWindowMs: ms(
      "createStream: how long the stream remembers message ids to drop redeliveries, ms",
      120_000,
      1000,
    ),
    ackTimeoutMs: ms(
      "how long a publish may wait for its acknowledgment (jetstream) or the server's (core), ms",
      5000,
    ),
    user: z.string().optional(),
    pass: z.string().optional().meta({ secret: true }),
    token: z.string().optional().meta({ secret: true }),
    name: z.string().min(1).default("exhook-sink").describe("the connection's name, as the server shows it"),
    connectTimeoutMs: ms("how long a connection attempt may take", 5000),
    reconnectWaitMs: ms("the wait between reconnect attempts while the server is away, ms", 2000),
    tls: z.boolean().default(false).describe("require TLS (tls:// servers always use it)"),
    ca: z.string().optional().describe("TLS: CA certificate(s) to trust, a PEM text or a file path"),
    cert: z.string().optional().describe("TLS client certificate, a PEM text or a file path"),
    key: z.string().optional().meta({ secret: true }).describe("TLS client key, a PEM text or a file path"),
    rejectUnauthorized: z
      .boolean()
      .default(true)
      .describe("TLS: refuse servers whose certificate is not trusted"),
  })
  .superRefine((props, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    checkCertAndKey(props, ctx);
    if (props.pass !== undefined && props.user === undefined) issue("user", "is required with pass");
    if (props.token !== undefined && props.user !== undefined) {
      issue("token", "cannot be given with user (token and user/pass are two ways to log in)");
    }
    if (props.mode === "core") {
      // Fail closed: a stream option in core mode would silently do nothing.
      for (const key of ["stream", "streamSubjects"] as const) {
        if (props[key] !== undefined) issue(key, "is for mode jetstream");
      }
      if (props.createStream) issue("createStream", "is for mode jetstream");
      return;
    }
    if (props.createStream) {
      if (props.stream === undefined) issue("stream", "is required with createStream");
      if (props.streamSubjects === undefined && defaultStreamSubjects(props.subject) === undefined) {
        issue(
          "streamSubjects",
          "is required with createStream when the subject template does not start with literal tokens (exhook.${hook} → exhook.>)",
        );
      }
    }
  });

export type NatsSinkProps = z.output<typeof natsSinkProps>;

/** The subjects the stream is created with (or checked for): `streamSubjects`, or the template's prefix. */
export function streamSubjectsOf(props: NatsSinkProps): string[] {
  return props.streamSubjects ?? defaultStreamSubjects(props.subject) ?? [">"];
}
