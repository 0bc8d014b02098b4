// A purpose-built ExHook server for the testkit's tests: EMQX-demo-like answers, and a record of every request.
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import {
  hookProviders,
  type ProtocolVersion,
  protocolVersions,
  rpcTable,
  wireHookNames,
} from "@exhook/proto";
import type { MessageView, RequestView } from "../views.js";

export interface Received {
  readonly version: ProtocolVersion;
  readonly rpc: string;
  readonly request: RequestView;
}

export interface DemoServerOptions {
  /** The LoadedResponse hooks per version; default every hook of the version, no topic filters. */
  readonly hooks?: Partial<Record<ProtocolVersion, readonly { name: string; topics?: readonly string[] }[]>>;
  /** TLS: serve https with this key and certificate (and require a client certificate when `ca` is set). */
  readonly tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer };
}

export interface DemoServer {
  readonly url: string;
  readonly received: Received[];
  /** The RPC names received for one version, in order. */
  rpcs(version: ProtocolVersion): string[];
  close(): Promise<void>;
}

const CONTINUE = 0;
const IGNORE = 1;
const STOP = 2;

type Answer = Record<string, unknown>;
const boolAnswer = (type: number, value: boolean): Answer => ({ type, value: { case: "boolResult", value } });

/** authenticate by username, like the EMQX demo server: baduser/gooduser/normaluser, anything else IGNORE. */
function authenticate(request: RequestView): Answer {
  switch (request.clientinfo?.username) {
    case "baduser":
      return boolAnswer(STOP, false);
    case "gooduser":
      return boolAnswer(STOP, true);
    case "normaluser":
      return boolAnswer(CONTINUE, true);
    case "nooneof":
      // CONTINUE with no value: EMQX treats it as IGNORE.
      return { type: CONTINUE };
    case "wrongoneof":
      return { type: STOP, value: { case: "message", value: { topic: "x" } } };
    default:
      return { type: IGNORE };
  }
}

function authorize(request: RequestView): Answer {
  if (request.topic?.startsWith("forbidden/")) return boolAnswer(STOP, false);
  return boolAnswer(CONTINUE, true);
}

function publish(request: RequestView): Answer {
  const message = request.message as MessageView;
  if (message.headers["username"] === "baduser") {
    return {
      type: STOP,
      value: {
        case: "message",
        value: { ...message, headers: { ...message.headers, allow_publish: "false" } },
      },
    };
  }
  if (message.topic.startsWith("rewrite/")) {
    const topic = `rewritten/${message.topic.slice("rewrite/".length)}`;
    return { type: CONTINUE, value: { case: "message", value: { ...message, topic } } };
  }
  if (message.topic.startsWith("nooneof/")) return { type: CONTINUE };
  if (message.topic.startsWith("wrongoneof/")) return boolAnswer(CONTINUE, false);
  if (message.topic.startsWith("partial/")) {
    // Only a payload: EMQX copies qos, topic and payload back, so the topic becomes "" and QoS 0.
    return {
      type: CONTINUE,
      value: { case: "message", value: { payload: new TextEncoder().encode("partial") } },
    };
  }
  return { type: IGNORE };
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const received: Received[] = [];
  const routes = (router: ConnectRouter) => {
    for (const version of protocolVersions) {
      const service = hookProviders[version];
      const impl: Record<string, (request: RequestView) => Promise<Answer>> = {};
      for (const entry of rpcTable[version]) {
        const method = service.methods.find((m) => m.name === entry.rpc)!;
        impl[method.localName] = async (request) => {
          received.push({ version, rpc: entry.rpc, request });
          // Far past the 1 s deadline the test gives, so a loaded machine cannot make it look in time.
          if (request.clientinfo?.username === "slowuser") await new Promise((r) => setTimeout(r, 4000));
          switch (entry.hook) {
            case "provider.loaded": {
              const hooks =
                options.hooks?.[version] ?? wireHookNames(version).map((name) => ({ name, topics: [] }));
              return { hooks: hooks.map((h) => ({ name: h.name, topics: h.topics ?? [] })) };
            }
            case "client.authenticate":
              return authenticate(request);
            case "client.authorize":
              return authorize(request);
            case "message.publish":
              return publish(request);
            default:
              return {};
          }
        };
      }
      router.service(service, impl as never);
    }
  };
  const handler = connectNodeAdapter({ routes });
  const server =
    options.tls === undefined
      ? http2.createServer(handler)
      : http2.createSecureServer(
          {
            key: options.tls.key,
            cert: options.tls.cert,
            allowHTTP1: false,
            ...(options.tls.ca === undefined ? {} : { ca: options.tls.ca, requestCert: true }),
          },
          handler,
        );
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = options.tls === undefined ? "http" : "https";
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    received,
    rpcs: (version) => received.filter((r) => r.version === version).map((r) => r.rpc),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.close();
        server.close(() => resolve());
      }),
  };
}
