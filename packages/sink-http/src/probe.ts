// Whether the target accepts connections: a TCP connect (and TLS handshake for https) that is closed at once.
import { connect as netConnect, type Socket } from "node:net";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
  /** TLS options for https targets (the pool's own), `undefined` for http. */
  readonly tls: ConnectionOptions | undefined;
  readonly timeoutMs: number;
}

/** Resolves once connected (and the certificate checked); rejects with the connection's error. */
export function probe(target: ProbeTarget): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let socket: Socket;
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    if (target.tls === undefined) {
      socket = netConnect({ host: target.host, port: target.port }, () => done());
    } else {
      socket = tlsConnect({ ...target.tls, host: target.host, port: target.port }, () => done());
    }
    socket.on("error", (error) => done(error));
    const timer = setTimeout(
      () => done(new Error(`no connection within ${target.timeoutMs} ms`)),
      target.timeoutMs,
    );
  });
}

export function defaultPort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}
