// The spike's server: a net.Server whose connections are H2Connections, with listen, graceful close and a
// preface timeout; what a stream means is up to the application given.
import net from "node:net";
import { defaultLimits, H2Connection } from "./connection.mjs";

export function createRawServer(app, options = {}) {
  const limits = { ...defaultLimits, ...options.limits };
  const prefaceTimeoutMs = options.prefaceTimeoutMs ?? 10_000;
  const connections = new Set();
  let closing;
  const server = net.createServer({ noDelay: true }, (socket) => {
    if (closing !== undefined) {
      socket.destroy();
      return;
    }
    const connection = new H2Connection(socket, app, limits, (c) => {
      connections.delete(c);
      settle?.();
    });
    connections.add(connection);
    // A connection that never finishes its preface (SETTINGS included) is dropped.
    const timer = setTimeout(() => {
      if (connection.state < 2) connection.destroy();
    }, prefaceTimeoutMs);
    timer.unref();
  });
  server.on("error", () => {});
  let settle;
  return {
    get sessions() {
      return connections.size;
    },
    listen({ port, host = "127.0.0.1" }) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address();
          resolve({ address: address.address, port: address.port });
        });
      });
    },
    close({ deadlineMs = 5000 } = {}) {
      closing ??= new Promise((resolve) => {
        let listenerClosed = !server.listening;
        const timer = setTimeout(() => {
          for (const c of connections) c.destroy();
        }, deadlineMs);
        timer.unref();
        settle = () => {
          if (!listenerClosed || connections.size > 0) return;
          clearTimeout(timer);
          resolve();
        };
        if (!listenerClosed)
          server.close(() => {
            listenerClosed = true;
            settle();
          });
        for (const c of connections) c.goaway();
        settle();
      });
      return closing;
    },
  };
}
