// The PostgreSQL sink's props: the zod schema, the server URL (checked, and masked for messages) and the table name.
import { check, checkCertAndKey, tlsProps, z } from "@exhook/core/sink";

const schemes = new Set(["postgres:", "postgresql:"]);
/** URL query parameters the sink understands; anything else would be silently ignored, so it is refused. */
const sslModes = new Set(["disable", "require", "verify-ca", "verify-full"]);

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL such as postgres://user@127.0.0.1:5432/db";
  }
  if (!schemes.has(url.protocol)) return "must be a postgres:// or postgresql:// URL";
  if (url.hostname === "") return "must name a host";
  for (const [key, v] of url.searchParams) {
    if (key !== "sslmode") return `has an unknown parameter "${key}" (only sslmode; TLS details go in ssl)`;
    if (!sslModes.has(v)) return `sslmode must be disable, require, verify-ca or verify-full, not "${v}"`;
  }
  return undefined;
}

/** The URL as errors and logs show it: a password in it (`postgres://user:pw@host`) is masked. */
export function shownUrl(value: string): string {
  const url = new URL(value);
  if (url.password === "") return value;
  url.password = "***";
  return url.href;
}

// An unquoted PostgreSQL identifier (at most 63 bytes), optionally schema-qualified. Nothing else is taken:
// the name goes into SQL text (DDL cannot take it as a parameter), so it must never be able to carry SQL.
const identifier = "[A-Za-z_][A-Za-z0-9_]{0,62}";
const tablePattern = new RegExp(`^(?:${identifier}\\.)?${identifier}$`);

function tableProblem(value: string): string | undefined {
  return tablePattern.test(value)
    ? undefined
    : "must be a table name, optionally schema.table: letters, digits and _, not starting with a digit, at most 63 each";
}

/** `schema.table` as SQL: each part double-quoted (case kept as written), the pattern above already checked. */
export function quotedTable(table: string): string {
  return table
    .split(".")
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join(".");
}

const sslOptions = z.strictObject(tlsProps).superRefine(checkCertAndKey);

export const postgresSinkProps = z.strictObject({
  url: z
    .string()
    .superRefine(check(urlProblem))
    .describe("the server: postgres://user@host:port/database (a password in it is masked in errors)"),
  password: z.string().optional().meta({ secret: true }).describe("the password, if not in the URL"),
  table: z
    .string()
    .superRefine(check(tableProblem))
    .default("exhook_events")
    .describe("the table records go to: name or schema.name"),
  createTable: z
    .boolean()
    .default(false)
    .describe("create the table (and its schema's columns) if it does not exist"),
  payloadType: z
    .enum(["bytea", "text"])
    .default("bytea")
    .describe("the payload column: bytea (the message's bytes) or text (the record's payload string)"),
  connectTimeoutMs: z
    .number()
    .int()
    .min(100)
    .default(5000)
    .describe("how long a connection attempt may take, ms"),
  queryTimeoutMs: z
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe("how long one insert may take before the connection is dropped and the batch retried, ms"),
  ssl: z
    .union([z.boolean(), sslOptions])
    .optional()
    .describe("TLS: true, or { ca, cert, key, rejectUnauthorized, servername }; default: the URL's sslmode"),
});

export type PostgresSinkProps = z.output<typeof postgresSinkProps>;
