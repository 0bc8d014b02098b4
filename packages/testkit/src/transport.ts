// The HTTP/2 gRPC transport EMQX uses to reach an ExHook server: h2c or TLS, no compression, a PING each minute.
import type { SecureClientSessionOptions } from "node:http2";
import type { Transport } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";

/** TLS settings for an `https://` URL: node's http2/tls client options. */
export interface FakeBrokerTls {
  /** CA certificate(s) that signed the server's certificate. */
  readonly ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate, for servers that require one (mTLS). */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** Name to verify the server certificate against when it differs from the URL's host. */
  readonly servername?: string;
  /** Defaults to true. */
  readonly rejectUnauthorized?: boolean;
}

export interface BrokerTransport {
  readonly transport: Transport;
  close(): void;
}

export function createBrokerTransport(url: string, tls: FakeBrokerTls | undefined): BrokerTransport {
  const nodeOptions: SecureClientSessionOptions = {};
  if (tls !== undefined) {
    if (tls.ca !== undefined) nodeOptions.ca = tls.ca;
    if (tls.cert !== undefined) nodeOptions.cert = tls.cert;
    if (tls.key !== undefined) nodeOptions.key = tls.key;
    if (tls.servername !== undefined) nodeOptions.servername = tls.servername;
    if (tls.rejectUnauthorized !== undefined) nodeOptions.rejectUnauthorized = tls.rejectUnauthorized;
  }
  // Our own session manager, so close() can end the HTTP/2 connection instead of waiting for its idle timeout.
  const sessionManager = new Http2SessionManager(url, { pingIntervalMs: 60_000 }, nodeOptions);
  const transport = createGrpcTransport({
    baseUrl: url,
    sessionManager,
    // EMQX neither compresses requests nor accepts compressed answers.
    acceptCompression: [],
  });
  return { transport, close: () => sessionManager.abort() };
}
