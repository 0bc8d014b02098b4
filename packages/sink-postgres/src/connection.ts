// node-postgres client settings from the sink's props: the URL taken apart, the user psql would use, TLS.
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import type { ConnectionOptions } from "node:tls";
import { errorText, SinkConfigError } from "@exhook/core/sink";
import type { ClientConfig } from "pg";
import type { PostgresSinkProps } from "./props.js";

/**
 * The URL is taken apart here rather than given to node-postgres as `connectionString`, whose values would
 * override `ssl` and `password` from the props. Like libpq: no user in the URL means `PGUSER`, then the
 * operating-system user (node-postgres alone reads `$USER`, which services and containers often lack).
 */
export async function clientConfig(props: PostgresSinkProps): Promise<ClientConfig> {
  const url = new URL(props.url);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const config: ClientConfig = {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? 5432 : Number(url.port),
    user: url.username !== "" ? decodeURIComponent(url.username) : (process.env["PGUSER"] ?? osUser()),
    connectionTimeoutMillis: props.connectTimeoutMs,
    // A hung insert is given up on (the connection is then dropped and the batch retried): the runtime
    // must not wait forever on a server that stopped answering without closing the socket.
    query_timeout: props.queryTimeoutMs,
    keepAlive: true,
    application_name: "exhook",
  };
  if (database !== "") config.database = database;
  const password = props.password ?? (url.password === "" ? undefined : decodeURIComponent(url.password));
  if (password !== undefined) config.password = password;
  const ssl = await tlsOptions(props, url.searchParams.get("sslmode"));
  if (ssl !== undefined) config.ssl = ssl;
  return config;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "postgres";
  }
}

/** `ssl` from the props; without it, what the URL's `sslmode` means in libpq. */
async function tlsOptions(
  props: PostgresSinkProps,
  sslmode: string | null,
): Promise<ConnectionOptions | undefined> {
  const ssl = props.ssl;
  if (ssl === false) return undefined;
  if (ssl === true) return {};
  if (ssl === undefined) {
    switch (sslmode) {
      case "require":
        return { rejectUnauthorized: false }; // libpq: encrypt, verify nothing
      case "verify-ca":
        return { checkServerIdentity: () => undefined }; // the chain, not the host name
      case "verify-full":
        return {};
      default:
        return undefined;
    }
  }
  const options: ConnectionOptions = { rejectUnauthorized: ssl.rejectUnauthorized };
  if (ssl.servername !== undefined) options.servername = ssl.servername;
  if (ssl.ca !== undefined) options.ca = await pem("ssl.ca", ssl.ca);
  if (ssl.cert !== undefined) options.cert = await pem("ssl.cert", ssl.cert);
  if (ssl.key !== undefined) options.key = await pem("ssl.key", ssl.key);
  return options;
}

/** PEM given inline, or read from a file; a file that cannot be read is a config error naming the property. */
async function pem(property: string, value: string): Promise<string> {
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
