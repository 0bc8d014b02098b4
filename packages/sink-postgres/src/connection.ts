// node-postgres client settings from the sink's props: the URL taken apart, the user psql would use, TLS.
import { userInfo } from "node:os";
import type { ConnectionOptions } from "node:tls";
import { tlsConnectionOptions } from "@exhook/core/sink";
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
  return tlsConnectionOptions(ssl, "ssl.");
}
