// Test-only: a real webhook receiver (node:http, or node:https with the test certificates) on a loopback port,
// that records every request, answers as a test says, and can be stopped and started on the same port.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventRecord } from "@exhook/core/sink";

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The records in a JSON body (one object, or an array); `[]` for anything else. */
  readonly records: readonly EventRecord[];
  /** The client's port: requests on one kept-alive connection share it. */
  readonly remotePort: number;
  /** The status it was answered with (0: the connection was destroyed instead). */
  status: number;
}

export interface Answer {
  /** 0 with `destroy`. */
  status: number;
  /** Destroy the connection instead of answering. */
  destroy?: boolean;
  /** Answer only once this settles (a slow target). */
  after?: Promise<unknown>;
  headers?: Record<string, string>;
  body?: string;
}

export interface ReceiverOptions {
  tls?: { key: Buffer | string; cert: Buffer | string; ca?: Buffer | string; requestCert?: boolean };
}

function parse(body: Buffer): EventRecord[] {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    if (Array.isArray(value)) return value as EventRecord[];
    return typeof value === "object" && value !== null ? [value as EventRecord] : [];
  } catch {
    return [];
  }
}

export class Receiver {
  readonly requests: Received[] = [];
  /** How to answer a request (default 204). */
  answer: (request: Received) => Answer = () => ({ status: 204 });
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  #port = 0;

  private constructor(readonly options: ReceiverOptions) {}

  /** A receiver listening on a free loopback port. */
  static async start(options: ReceiverOptions = {}): Promise<Receiver> {
    const receiver = new Receiver(options);
    await receiver.start();
    return receiver;
  }

  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#server !== undefined;
  }

  url(path = "/hook"): string {
    return `${this.options.tls === undefined ? "http" : "https"}://127.0.0.1:${this.#port}${path}`;
  }

  /** Connections open now. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Records of requests answered 2xx, in arrival order. */
  get accepted(): EventRecord[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.records);
  }

  /** The records for `clientid` the receiver took (2xx), in arrival order. */
  arrived(clientid: string): EventRecord[] {
    return this.accepted.filter((r) => r.clientid === clientid);
  }

  /** Listens (again, on the same port after `stop`). */
  async start(): Promise<void> {
    const tls = this.options.tls;
    const server =
      tls === undefined
        ? createHttpServer()
        : createHttpsServer({
            key: tls.key,
            cert: tls.cert,
            ca: tls.ca,
            requestCert: tls.requestCert === true,
          });
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const received: Received = {
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body,
          records: parse(body),
          remotePort: req.socket.remotePort ?? 0,
          status: 0,
        };
        const answer = this.answer(received);
        this.requests.push(received);
        if (answer.destroy === true) {
          req.socket.destroy();
          return;
        }
        const respond = () => {
          received.status = answer.status;
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        };
        if (answer.after === undefined) respond();
        else answer.after.then(respond, () => req.socket.destroy());
      });
    });
    server.on(tls === undefined ? "connection" : "secureConnection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Stops listening and destroys every open connection (pooled keep-alive ones too): the target is gone. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of this.#sockets) socket.destroy();
    server.closeAllConnections();
    await closed;
  }
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
