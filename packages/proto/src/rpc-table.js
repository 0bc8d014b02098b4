import { HookProvider as HookProviderV1 } from "./gen/emqx/exhook/v1/exhook_pb.js";
import { HookProvider as HookProviderV2 } from "./gen/emqx/exhook/v2/exhook_pb.js";
import { HookProvider as HookProviderV3 } from "./gen/emqx/exhook/v3/exhook_pb.js";
export const protocolVersions = ["v1", "v2", "v3"];
const rows = [
  ["OnProviderLoaded", "provider.loaded", undefined, undefined, "loaded"],
  ["OnProviderUnloaded", "provider.unloaded", undefined, undefined, "empty"],
  ["OnClientConnect", "client.connect", undefined, undefined, "empty"],
  ["OnClientConnack", "client.connack", undefined, undefined, "empty"],
  ["OnClientConnected", "client.connected", undefined, undefined, "empty"],
  ["OnClientDisconnected", "client.disconnected", undefined, undefined, "empty"],
  ["OnClientAuthenticate", "client.authenticate", undefined, undefined, "valued"],
  ["OnClientAuthorize", "client.authorize", "OnClientCheckAcl", "client.check_acl", "valued"],
  ["OnClientSubscribe", "client.subscribe", undefined, undefined, "empty"],
  ["OnClientUnsubscribe", "client.unsubscribe", undefined, undefined, "empty"],
  ["OnSessionCreated", "session.created", undefined, undefined, "empty"],
  ["OnSessionSubscribed", "session.subscribed", undefined, undefined, "empty"],
  ["OnSessionUnsubscribed", "session.unsubscribed", undefined, undefined, "empty"],
  ["OnSessionResumed", "session.resumed", undefined, undefined, "empty"],
  ["OnSessionDiscarded", "session.discarded", undefined, undefined, "empty"],
  ["OnSessionTakenover", "session.takenover", "OnSessionTakeovered", "session.takeovered", "empty"],
  ["OnSessionTerminated", "session.terminated", undefined, undefined, "empty"],
  ["OnMessagePublish", "message.publish", undefined, undefined, "valued"],
  ["OnMessageDelivered", "message.delivered", undefined, undefined, "empty"],
  ["OnMessageDropped", "message.dropped", undefined, undefined, "empty"],
  ["OnMessageAcked", "message.acked", undefined, undefined, "empty"],
];
function tableFor(version) {
  return rows.map(([rpc, hook, v1Rpc, v1Hook, answer]) => {
    const name = version === "v1" && v1Rpc !== undefined ? v1Rpc : rpc;
    const offered = hook.startsWith("provider.") ? undefined : hook;
    return {
      rpc: name,
      path: `/emqx.exhook.${version}.HookProvider/${name}`,
      hook,
      wireHook: version === "v1" && v1Hook !== undefined ? v1Hook : offered,
      answer,
    };
  });
}
/** All 21 RPCs of each protocol version, in the service's declaration order. */
export const rpcTable = {
  v1: tableFor("v1"),
  v2: tableFor("v2"),
  v3: tableFor("v3"),
};
/** The generated `HookProvider` service descriptor of each protocol version. */
export const hookProviders = {
  v1: HookProviderV1,
  v2: HookProviderV2,
  v3: HookProviderV3,
};
/** Every hook a broker of this version accepts in `HookSpec.name`, in the wire spelling. */
export function wireHookNames(version) {
  const names = [];
  for (const entry of rpcTable[version]) if (entry.wireHook !== undefined) names.push(entry.wireHook);
  return names;
}
//# sourceMappingURL=rpc-table.js.map
