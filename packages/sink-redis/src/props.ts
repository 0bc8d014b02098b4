// The Redis sink's props: a zod schema (checked once when the sink is added), and the URL as messages show it.
import { check, checkCertAndKey, templateProblem, tlsProps, z } from "@exhook/core/sink";

const schemes = new Set(["redis:", "rediss:"]);

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL such as redis://127.0.0.1:6379";
  }
  if (!schemes.has(url.protocol)) return "must be a redis:// or rediss:// (TLS) URL";
  if (url.hostname === "") return "must name a host";
  const db = url.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) return "must end in /<db number> or nothing after the port";
  return undefined;
}

/** The URL as errors and logs show it: a password in it (`redis://user:pw@host`) is masked. */
export function shownUrl(value: string): string {
  const url = new URL(value);
  if (url.password === "") return value;
  url.password = "***";
  return url.href;
}

const template = () => z.string().min(1).superRefine(check(templateProblem));

export const redisSinkProps = z
  .strictObject({
    url: z
      .string()
      .superRefine(check(urlProblem))
      .describe(
        "redis://[user:password@]host[:port][/db] or rediss:// (TLS); a password in it is masked in messages",
      ),
    mode: z
      .enum(["stream", "publish"])
      .default("stream")
      .describe("stream: XADD each record to a stream; publish: PUBLISH it to a Pub/Sub channel"),
    stream: template()
      .optional()
      .describe(
        "mode stream: the stream key of each record, a template of record fields (default exhook:${hook})",
      ),
    channel: template()
      .optional()
      .describe(
        "mode publish: the channel of each record, a template of record fields (default exhook:${hook})",
      ),
    maxLen: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "mode stream: trim each stream to about this many entries (XADD MAXLEN ~); default: no trimming",
      ),
    payload: template()
      .optional()
      .describe("a template of record fields for the record field / message; by default the record as JSON"),
    username: z.string().min(1).optional().describe("ACL user (overrides the URL's)"),
    password: z.string().optional().meta({ secret: true }).describe("password (overrides the URL's)"),
    db: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("database number, SELECTed on connect (overrides the URL's)"),
    connectTimeoutMs: z
      .number()
      .min(100)
      .default(5000)
      .describe("how long one connection attempt may take, ms"),
    commandTimeoutMs: z
      .number()
      .min(100)
      .default(5000)
      .describe(
        "how long Redis may take to answer a batch, ms; then the connection is replaced and the batch retried",
      ),
    ...tlsProps,
  })
  .superRefine((props, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    checkCertAndKey(props, ctx);
    // Options of the other mode would be ignored: a typo in `mode` must not pass silently.
    if (props.mode === "publish") {
      if (props.stream !== undefined) problem("stream", "is for mode stream (mode is publish: use channel)");
      if (props.maxLen !== undefined) problem("maxLen", "is for mode stream (a channel keeps nothing)");
    } else if (props.channel !== undefined) {
      problem("channel", "is for mode publish (mode is stream: use stream, or set mode: publish)");
    }
    // TLS files with a plain-text URL would be ignored: say so instead of connecting without TLS.
    if (urlProblem(props.url) === undefined && new URL(props.url).protocol === "redis:") {
      for (const name of ["ca", "cert", "key", "servername"] as const) {
        if (props[name] !== undefined) problem(name, "needs a rediss:// url (TLS)");
      }
    }
  });

export type RedisSinkProps = z.output<typeof redisSinkProps>;
