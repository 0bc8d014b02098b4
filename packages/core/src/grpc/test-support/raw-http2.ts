// Test-only: a raw node:http2 client for protocol-level cases a well-behaved gRPC client never produces.
import * as http2 from "node:http2";

export interface RawAnswer {
  readonly headers: http2.IncomingHttpHeaders;
  readonly trailers: http2.IncomingHttpHeaders | undefined;
  readonly body: Buffer;
  /** gRPC status from the trailers, or from the headers of a trailers-only answer. */
  readonly status: number | undefined;
  readonly message: string | undefined;
  readonly rstCode: number;
}

export function connectRaw(port: number): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.once("connect", () => resolve(session));
    session.once("error", reject);
  });
}

export function frame(message: Uint8Array, flag = 0): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out[0] = flag;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

export const grpcHeaders = (
  path: string,
  extra: http2.OutgoingHttpHeaders = {},
): http2.OutgoingHttpHeaders => ({
  ":method": "POST",
  ":path": path,
  "content-type": "application/grpc+proto",
  te: "trailers",
  ...extra,
});

/** Sends one request (body written as the given chunks) and collects the whole answer. */
export function rawCall(
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
  chunks: readonly Buffer[],
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const stream = session.request(headers);
    let responseHeaders: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders | undefined;
    const body: Buffer[] = [];
    stream.on("response", (h) => {
      responseHeaders = h;
    });
    stream.on("trailers", (t) => {
      trailers = t;
    });
    stream.on("data", (chunk: Buffer) => body.push(chunk));
    stream.on("error", () => {});
    stream.on("close", () => {
      const source = trailers ?? responseHeaders;
      const status = source["grpc-status"];
      const message = source["grpc-message"];
      resolve({
        headers: responseHeaders,
        trailers,
        body: Buffer.concat(body),
        status: status === undefined ? undefined : Number(status),
        message: typeof message === "string" ? message : undefined,
        rstCode: stream.rstCode ?? 0,
      });
    });
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}
