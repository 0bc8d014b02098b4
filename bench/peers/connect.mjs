// Peer: the EMQX demo contract on Connect-ES, http2.createServer(connectNodeAdapter({ routes, grpc: true })).
import http2 from "node:http2";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { v2 } from "@exhook/proto";
import { demoHooks } from "./demo-hooks.mjs";

const ResponsedType = v2.ValuedResponse_ResponsedType;
const hooks = demoHooks.map((name) => ({ name }));

const impl = {
  onProviderLoaded: () => ({ hooks }),
  onClientAuthenticate(request) {
    switch (request.clientinfo?.username) {
      case "baduser":
        return { type: ResponsedType.STOP_AND_RETURN, value: { case: "boolResult", value: false } };
      case "gooduser":
        return { type: ResponsedType.STOP_AND_RETURN, value: { case: "boolResult", value: true } };
      case "normaluser":
        return { type: ResponsedType.CONTINUE, value: { case: "boolResult", value: true } };
      default:
        return { type: ResponsedType.IGNORE };
    }
  },
  onClientAuthorize: () => ({ type: ResponsedType.IGNORE }),
  onMessagePublish(request) {
    const message = request.message;
    if (message?.headers.username === "baduser") {
      message.headers.allow_publish = "false";
      return { type: ResponsedType.STOP_AND_RETURN, value: { case: "message", value: message } };
    }
    if (message?.topic.startsWith("rewrite/")) {
      message.topic = `rewritten/${message.topic.slice("rewrite/".length)}`;
      return { type: ResponsedType.CONTINUE, value: { case: "message", value: message } };
    }
    return { type: ResponsedType.IGNORE };
  },
};
// Every other RPC of the service answers EmptySuccess.
for (const method of v2.HookProvider.methods) impl[method.localName] ??= () => ({});

const handler = connectNodeAdapter({
  grpc: true,
  grpcWeb: false,
  connect: false,
  routes: (router) => router.service(v2.HookProvider, impl),
});
http2.createServer(handler).listen(Number(process.env.EXHOOK_PORT), "127.0.0.1");
