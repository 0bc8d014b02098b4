// The HTTP sink's props: a zod schema checked once when the sink is added, and how its URL is shown.
import { check, checkCertAndKey, templateProblem, tlsProps, z } from "@exhook/core/sink";

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL such as http://127.0.0.1:8080/hook";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http:// or https:// URL";
  if (url.hostname === "") return "must name a host";
  if (url.hash !== "") return "cannot have a #fragment (it is never sent)";
  return undefined;
}

/**
 * The URL as errors and logs show it: user and password (`https://user:pw@host`) masked, and the query's
 * values too (webhook URLs often carry a token there, `?token=…`). The path is kept: it is how an operator
 * tells two webhooks apart.
 */
export function shownUrl(value: string): string {
  const url = new URL(value);
  if (url.username !== "") url.username = "***";
  if (url.password !== "") url.password = "***";
  if (url.search !== "") {
    const masked = [...url.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=***`).join("&");
    url.search = masked;
  }
  return url.href;
}

// RFC 9110 token characters: what Node accepts as a header name.
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function headerNameProblem(name: string): string | undefined {
  return tokenPattern.test(name) ? undefined : "must be an HTTP header name (letters, digits, -, _ …)";
}

/** Headers this sink writes itself: a configured one would be wrong (a fixed length) or clash. */
const managedHeaders = new Set(["content-length", "transfer-encoding", "connection", "host"]);

const headerName = (fallback: string, what: string) =>
  z.string().superRefine(check(headerNameProblem)).default(fallback).describe(what);

export const httpSinkProps = z
  .strictObject({
    url: z
      .string()
      .superRefine(check(urlProblem))
      .describe(
        "the webhook: an http:// or https:// URL; user:password in it is sent as Basic auth and masked in errors",
      ),
    method: z.enum(["POST", "PUT"]).default("POST").describe("the request method"),
    headers: z
      .record(
        z.string(),
        z
          .string()
          .refine((v) => !/[\r\n\0]/.test(v), "cannot contain a line break or NUL")
          .meta({ secret: true }),
      )
      .default({})
      .meta({ secret: true })
      .describe("headers sent with every request (e.g. Authorization); values are never shown"),
    body: z
      .enum(["record", "array"])
      .default("record")
      .describe(
        "record: one request per record; array: one request per batch (options.batchSize), its body a JSON array",
      ),
    payload: z
      .string()
      .superRefine(check(templateProblem))
      .optional()
      .describe(
        "a template of record fields for each record's body instead of its JSON (array: one per line)",
      ),
    secret: z
      .string()
      .min(1)
      .optional()
      .meta({ secret: true })
      .describe("HMAC-SHA256 key: each request is signed (see signatureHeader)"),
    signatureHeader: headerName(
      "X-Exhook-Signature",
      "with secret: sha256=<hex HMAC of '<timestamp>.<body>'>",
    ),
    timestampHeader: headerName(
      "X-Exhook-Timestamp",
      "with secret: the signing time, Unix seconds (receivers refuse old ones)",
    ),
    idempotencyHeader: z
      .string()
      .refine((v) => v === "" || tokenPattern.test(v), "must be an HTTP header name, or empty")
      .default("Idempotency-Key")
      .describe("a key per request, the same for every redelivery of the same records; empty: none"),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .default(15_000)
      .describe("how long one request may take, connecting included, ms"),
    maxSockets: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .default(8)
      .describe("connections to the target, at most (kept alive and reused)"),
    idleTimeoutMs: z
      .number()
      .int()
      .min(100)
      .default(4_000)
      .describe("how long an idle connection stays in the pool, ms (below the target's keep-alive timeout)"),
    ...tlsProps,
  })
  .superRefine((props, ctx) => {
    checkCertAndKey(props, ctx);
    const own = new Set(
      [
        props.idempotencyHeader,
        ...(props.secret === undefined ? [] : [props.signatureHeader, props.timestampHeader]),
      ]
        .filter((h) => h !== "")
        .map((h) => h.toLowerCase()),
    );
    for (const name of Object.keys(props.headers)) {
      const lower = name.toLowerCase();
      const nameProblem = headerNameProblem(name);
      if (nameProblem !== undefined) {
        ctx.addIssue({ code: "custom", path: ["headers", name], message: nameProblem });
      } else if (managedHeaders.has(lower) || own.has(lower)) {
        ctx.addIssue({
          code: "custom",
          path: ["headers", name],
          message: "is set by the sink itself",
        });
      }
    }
  });

export type HttpSinkProps = z.output<typeof httpSinkProps>;
