// Peer: the EMQX demo contract on @grpc/grpc-js with @grpc/proto-loader, the stack most Node users would pick.
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import { demoHooks } from "./demo-hooks.mjs";

const protoFile = fileURLToPath(
  new URL("../../packages/proto/proto/emqx/exhook/v2/exhook.proto", import.meta.url),
);
const definition = protoLoader.loadSync(protoFile, {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
});
const { HookProvider } = grpc.loadPackageDefinition(definition).emqx.exhook.v2;

const hooks = demoHooks.map((name) => ({ name }));
const empty = {};
const ignore = { type: "IGNORE" };
const reply = (value) => (_call, callback) => callback(null, value);

const service = {
  OnProviderLoaded: reply({ hooks }),
  OnClientAuthenticate(call, callback) {
    switch (call.request.clientinfo?.username) {
      case "baduser":
        return callback(null, { type: "STOP_AND_RETURN", bool_result: false });
      case "gooduser":
        return callback(null, { type: "STOP_AND_RETURN", bool_result: true });
      case "normaluser":
        return callback(null, { type: "CONTINUE", bool_result: true });
      default:
        return callback(null, ignore);
    }
  },
  OnClientAuthorize: reply(ignore),
  OnMessagePublish(call, callback) {
    const message = call.request.message;
    if (message?.headers?.username === "baduser") {
      message.headers.allow_publish = "false";
      return callback(null, { type: "STOP_AND_RETURN", message });
    }
    if (message?.topic?.startsWith("rewrite/")) {
      message.topic = `rewritten/${message.topic.slice("rewrite/".length)}`;
      return callback(null, { type: "CONTINUE", message });
    }
    return callback(null, ignore);
  },
};
// Every other RPC of the service answers EmptySuccess.
for (const rpc of Object.keys(HookProvider.service)) service[rpc] ??= reply(empty);

const server = new grpc.Server();
server.addService(HookProvider.service, service);
server.bindAsync(`127.0.0.1:${process.env.EXHOOK_PORT}`, grpc.ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
});
