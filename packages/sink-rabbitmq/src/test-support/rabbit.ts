// Test-only: the machine's shared RabbitMQ (queues with a random suffix, deleted afterwards), a consumer that
// records what a queue received, and a TCP proxy in front of it that a test cuts and restores: the broker
// "goes away" for the sink while the shared RabbitMQ itself is never stopped.
import { randomUUID } from "node:crypto";
import { createServer, type Server, Socket } from "node:net";
import { createServer as createTlsServer, type TlsOptions } from "node:tls";
import type { EventRecord } from "@exhook/core/sink";
import { type ChannelModel, connect } from "amqplib";

export const rabbitHost = "127.0.0.1";
export const rabbitPort = 5672;
export const rabbitUrl = `amqp://guest:guest@${rabbitHost}:${rabbitPort}`;

/** Whether the shared RabbitMQ answers (tests skip without it). */
export const hasRabbit = await new Promise<boolean>((resolve) => {
  const s = new Socket();
  s.setTimeout(2000, () => {
    s.destroy();
    resolve(false);
  });
  s.once("connect", () => {
    s.destroy();
    resolve(true);
  });
  s.once("error", () => resolve(false));
  s.connect(rabbitPort, rabbitHost);
});

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Received {
  body: string;
  messageId: string | undefined;
  contentType: string | undefined;
  deliveryMode: number | undefined;
  headers: Record<string, unknown>;
  routingKey: string;
  exchange: string;
}

/** A consumer of `queue` on the shared broker that keeps every message it gets (acked at once). */
export interface Reader {
  readonly received: Received[];
  /** The messages whose body is a record of `clientid`, as records, in arrival order. */
  records(clientid: string): EventRecord[];
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Stops consuming; with `deleteQueue` (default) deletes the queue and every exchange given. */
  close(cleanup?: { deleteQueue?: boolean; exchanges?: readonly string[] }): Promise<void>;
}

/** Declares `queue` (durable, as the sink does) and consumes it. */
export async function reader(queue: string): Promise<Reader> {
  const model: ChannelModel = await connect(rabbitUrl);
  model.on("error", () => {});
  const channel = await model.createChannel();
  await channel.assertQueue(queue, { durable: true });
  const received: Received[] = [];
  await channel.consume(
    queue,
    (message) => {
      if (message === null) return;
      received.push({
        body: message.content.toString("utf8"),
        messageId: message.properties.messageId as string | undefined,
        contentType: message.properties.contentType as string | undefined,
        deliveryMode: message.properties.deliveryMode as number | undefined,
        headers: (message.properties.headers ?? {}) as Record<string, unknown>,
        routingKey: message.fields.routingKey,
        exchange: message.fields.exchange,
      });
    },
    { noAck: true },
  );
  return {
    received,
    records(clientid) {
      const out: EventRecord[] = [];
      for (const m of received) {
        let record: EventRecord;
        try {
          record = JSON.parse(m.body) as EventRecord;
        } catch {
          continue;
        }
        if (record.clientid === clientid) out.push(record);
      }
      return out;
    },
    async waitFor(count, timeoutMs = 15_000) {
      const started = Date.now();
      while (received.length < count) {
        if (Date.now() - started > timeoutMs) throw new Error(`received ${received.length} of ${count}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close(cleanup = {}) {
      if (cleanup.deleteQueue !== false) await channel.deleteQueue(queue).catch(() => {});
      for (const exchange of cleanup.exchanges ?? []) await channel.deleteExchange(exchange).catch(() => {});
      await model.close().catch(() => {});
    },
  };
}

/**
 * A TCP proxy on a free loopback port that forwards to the shared RabbitMQ. `cut()` closes its port and
 * every connection through it (the sink sees the broker go away: its connection drops, new ones are refused);
 * `restore()` listens again on the same port.
 */
export interface CutProxy {
  readonly port: number;
  readonly url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Holds back what the broker sends on the connections open now (its confirms never come); new ones flow. */
  freeze(): void;
  close(): Promise<void>;
}

/** With `tls`, the proxy is a TLS endpoint (an amqps:// broker as the sink sees it). */
export async function startProxy(tls?: TlsOptions): Promise<CutProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const upstreams = new Map<Socket, Socket>();
  let server: Server | undefined;
  const listen = async () => {
    const forward = (client: Socket) => {
      const upstream = new Socket();
      sockets.add(client);
      sockets.add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
      upstreams.set(upstream, client);
      upstream.once("close", () => upstreams.delete(upstream));
      upstream.connect(rabbitPort, rabbitHost, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    };
    const s = tls === undefined ? createServer(forward) : createTlsServer(tls, forward);
    // A TLS handshake the client aborts (an untrusted certificate) is an error of that socket alone.
    s.on("tlsClientError", () => {});
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    server = s;
  };
  const cut = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s !== undefined) await new Promise((resolve) => s.close(resolve));
  };
  await listen();
  return {
    port,
    url: `${tls === undefined ? "amqp" : "amqps"}://guest:guest@127.0.0.1:${port}`,
    cut,
    restore: listen,
    freeze: () => {
      for (const [upstream, client] of upstreams) {
        upstream.unpipe(client);
        upstream.pause();
      }
      upstreams.clear();
    },
    close: cut,
  };
}
