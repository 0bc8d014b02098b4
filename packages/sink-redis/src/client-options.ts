// node-redis client options from the sink's props: the URL taken apart here, so that props override it
// plainly (node-redis' own `url` option would override the props instead), and TLS files read.
import { readPem } from "@exhook/core/sink";
import type { RedisClientOptions } from "@redis/client";

/** Options of a plain client (no modules, functions or scripts) speaking RESP2. */
export type ClientOptions = RedisClientOptions<Empty, Empty, Empty, 2>;
// biome-ignore lint/complexity/noBannedTypes: node-redis' own default for "no modules".
type Empty = {};

import type { RedisSinkProps } from "./props.js";

/** Reconnect waits after a lost connection: 50 ms doubling to this. A refused connect costs next to nothing. */
const maxReconnectMs = 1000;

export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** Math.min(retries, 10), maxReconnectMs);
}

/**
 * Options for one client. `reconnect()` decides, per lost connection, whether node-redis tries again (after
 * the sink's first connection) or gives up (the first one: the runtime retries `open` with its backoff).
 */
export async function clientOptions(props: RedisSinkProps, reconnect: () => boolean): Promise<ClientOptions> {
  const url = new URL(props.url);
  const tls = url.protocol === "rediss:";
  const port = url.port === "" ? 6379 : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const reconnectStrategy = (retries: number) => (reconnect() ? reconnectDelay(retries) : false);
  const common = { host, port, connectTimeout: props.connectTimeoutMs, reconnectStrategy };
  const options: ClientOptions = {
    // RESP2: what every server with streams speaks (Redis 5 has no HELLO); the replies used here are the same.
    RESP: 2,
    // Offline, commands fail at once: records wait in the runtime's queue (or disk buffer), in order.
    disableOfflineQueue: true,
    // Redis Enterprise's maintenance handshake is a command an open-source server refuses: not sent.
    maintNotifications: "disabled",
    // No per-command timer: node-redis' covers only the wait to be written, and costs a timer per command
    // (a third of the CPU of a pipelined XADD). The sink times each batch itself (commandTimeoutMs).
    commandOptions: { timeout: 0 },
    socket: tls
      ? {
          ...common,
          tls: true,
          rejectUnauthorized: props.rejectUnauthorized,
          servername: props.servername ?? (isIp(host) ? undefined : host),
          ...(props.ca === undefined ? {} : { ca: await readPem("ca", props.ca) }),
          ...(props.cert === undefined ? {} : { cert: await readPem("cert", props.cert) }),
          ...(props.key === undefined ? {} : { key: await readPem("key", props.key) }),
        }
      : { ...common, tls: false },
  };
  const username = props.username ?? decodeURIComponent(url.username);
  const password = props.password ?? decodeURIComponent(url.password);
  if (username !== "") options.username = username;
  if (password !== "") options.password = password;
  const db = props.db ?? (url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0);
  if (db !== 0) options.database = db;
  return options;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}
