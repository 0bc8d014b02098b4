// The nats.js connection options a sink's props ask for, and the secrets to keep out of every message.
import { readPem } from "@exhook/core/sink";
import type { NodeConnectionOptions } from "@nats-io/transport-node";
import type { NatsSinkProps } from "./props.js";

export async function connectionOptions(props: NatsSinkProps): Promise<NodeConnectionOptions> {
  const servers = typeof props.servers === "string" ? [props.servers] : props.servers;
  const options: NodeConnectionOptions = {
    servers,
    name: props.name,
    timeout: props.connectTimeoutMs,
    // Once connected, nats.js reconnects by itself, forever: the sink reports the status meanwhile and
    // fails fast while disconnected, so records wait in the runtime's queue (or disk buffer), in order.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: props.reconnectWaitMs,
    reconnectJitter: Math.min(100, props.reconnectWaitMs / 10),
    reconnectJitterTLS: Math.min(1000, props.reconnectWaitMs / 2),
    // The first connection is the runtime's to retry (open rejects retryably), with its backoff.
    waitOnFirstConnect: false,
    // Without this, nats.js makes two Errors (stack traces) per request in case it fails: 13% of the CPU of a
    // batch of 100 PubAcks, for a trace that would point into this sink anyway.
    noAsyncTraces: true,
  };
  if (props.user !== undefined) options.user = props.user;
  if (props.pass !== undefined) options.pass = props.pass;
  if (props.token !== undefined) options.token = props.token;
  const wantsTls =
    props.tls ||
    props.ca !== undefined ||
    props.cert !== undefined ||
    servers.some((s) => s.startsWith("tls://"));
  if (wantsTls) {
    options.tls = { rejectUnauthorized: props.rejectUnauthorized };
    if (props.ca !== undefined) options.tls.ca = await readPem("ca", props.ca);
    if (props.cert !== undefined) options.tls.cert = await readPem("cert", props.cert);
    if (props.key !== undefined) options.tls.key = await readPem("key", props.key);
  }
  return options;
}

/**
 * A message with the props' secrets masked: nats.js errors can echo what the server said about a login,
 * and a message is shown in logs, metrics and the admin API.
 */
export function masked(props: NatsSinkProps, text: string): string {
  let out = text;
  for (const secret of [props.pass, props.token]) {
    if (secret !== undefined && secret.length > 0) out = out.split(secret).join("***");
  }
  return out;
}
