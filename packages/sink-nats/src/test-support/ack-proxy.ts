// Test-only: a TCP proxy in front of a NATS server that can swallow everything the server sends back, so
// publishes are stored by the stream while their PubAcks never arrive (as when a connection dies between).
import { createServer, type Server, Socket } from "node:net";

export interface AckProxy {
  url: string;
  /** From now on the server's bytes are dropped: no PubAck (nor anything else) reaches the client. */
  swallowReplies(): void;
  close(): Promise<void>;
}

export async function startAckProxy(upstreamPort: number): Promise<AckProxy> {
  let swallowing = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(upstreamPort, "127.0.0.1");
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (!swallowing) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `nats://127.0.0.1:${port}`,
    swallowReplies: () => {
      swallowing = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
