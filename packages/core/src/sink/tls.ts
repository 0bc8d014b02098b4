// The TLS props every network sink takes (CA, client certificate and key, verification, SNI), checked the
// same way everywhere, and the PEM material they name read once when the sink connects.
import { readFile } from "node:fs/promises";
import { errorText, SinkConfigError } from "./errors.js";
import { z } from "./props.js";

/**
 * Fields to spread into a sink's props object: `z.strictObject({ url: …, ...tlsProps })`. `ca`, `cert` and
 * `key` are PEM texts or file paths; `key` is a secret (never shown). Check the pair with `checkCertAndKey`.
 */
export const tlsProps = {
  ca: z.string().optional().describe("TLS: CA certificate(s) to trust, a PEM text or a file path"),
  cert: z.string().optional().describe("TLS client certificate, a PEM text or a file path"),
  key: z.string().optional().meta({ secret: true }).describe("TLS client key, a PEM text or a file path"),
  rejectUnauthorized: z
    .boolean()
    .default(true)
    .describe("TLS: refuse servers whose certificate is not trusted"),
  servername: z
    .string()
    .optional()
    .describe("TLS: the server name to verify (SNI), when it differs from the host"),
};

/** The parsed TLS props. */
export interface TlsProps {
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  rejectUnauthorized: boolean;
  servername?: string | undefined;
}

/**
 * A refinement for the props object (`.superRefine(checkCertAndKey)`): a client certificate is useless
 * without its key, and a key without its certificate.
 */
export function checkCertAndKey(
  props: { cert?: string | undefined; key?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if ((props.cert === undefined) === (props.key === undefined)) return;
  ctx.addIssue({
    code: "custom",
    path: [props.cert === undefined ? "cert" : "key"],
    message: "is required when cert or key is given",
  });
}

/** A PEM text as given, or the text of the file it names; an unreadable file is the property's config error. */
export async function readPem(property: string, value: string): Promise<string> {
  if (value.includes("-----BEGIN ")) return value;
  try {
    return await readFile(value, "utf8");
  } catch (error) {
    throw new SinkConfigError(
      "invalid_property",
      property,
      `cannot read file "${value}": ${errorText(error)}`,
    );
  }
}

/** What node:tls takes (`tls.connect`, https agents, most clients' `tls` option), the PEM files read. */
export interface TlsConnectionOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
  servername?: string;
}

/**
 * The TLS props as node:tls options, with the PEM material read (from files where paths were given).
 * `path` is where the TLS props sit in the sink's props (`ssl.` for `{ ssl: { ca } }`), for error messages.
 */
export async function tlsConnectionOptions(props: TlsProps, path = ""): Promise<TlsConnectionOptions> {
  const options: TlsConnectionOptions = { rejectUnauthorized: props.rejectUnauthorized };
  if (props.ca !== undefined) options.ca = await readPem(`${path}ca`, props.ca);
  if (props.cert !== undefined) options.cert = await readPem(`${path}cert`, props.cert);
  if (props.key !== undefined) options.key = await readPem(`${path}key`, props.key);
  if (props.servername !== undefined) options.servername = props.servername;
  return options;
}
