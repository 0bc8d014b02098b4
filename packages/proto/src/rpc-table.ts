// Maps every RPC of every ExHook protocol version to the hook it carries and the kind of answer it returns.
import type { DescService } from "@bufbuild/protobuf";
import { HookProvider as HookProviderV1 } from "./gen/emqx/exhook/v1/exhook_pb.js";
import { HookProvider as HookProviderV2 } from "./gen/emqx/exhook/v2/exhook_pb.js";
import { HookProvider as HookProviderV3 } from "./gen/emqx/exhook/v3/exhook_pb.js";

/** The ExHook protocol packages: v1 (EMQX 4.x), v2 (5.0-5.8), v3 (5.9+, 6.x). */
export type ProtocolVersion = "v1" | "v2" | "v3";

export const protocolVersions: readonly ProtocolVersion[] = ["v1", "v2", "v3"];

/**
 * The hook names exhook uses for all versions: the v2/v3 spelling (`client.authorize`,
 * `session.takenover`). `provider.loaded` and `provider.unloaded` are lifecycle calls, never offered
 * to the broker as hooks.
 */
export type HookName =
  | "provider.loaded"
  | "provider.unloaded"
  | "client.connect"
  | "client.connack"
  | "client.connected"
  | "client.disconnected"
  | "client.authenticate"
  | "client.authorize"
  | "client.subscribe"
  | "client.unsubscribe"
  | "session.created"
  | "session.subscribed"
  | "session.unsubscribed"
  | "session.resumed"
  | "session.discarded"
  | "session.takenover"
  | "session.terminated"
  | "message.publish"
  | "message.delivered"
  | "message.acked"
  | "message.dropped";

/** The hooks a server can offer to the broker in `LoadedResponse` (every hook but the provider calls). */
export type OfferableHookName = Exclude<HookName, "provider.loaded" | "provider.unloaded">;

/** What an RPC answers: `LoadedResponse`, `ValuedResponse` or `EmptySuccess`. */
export type AnswerKind = "loaded" | "valued" | "empty";

export interface RpcEntry {
  /** The RPC's method name, e.g. `OnClientCheckAcl`. */
  readonly rpc: string;
  /** The gRPC path the broker calls, e.g. `/emqx.exhook.v1.HookProvider/OnClientCheckAcl`. */
  readonly path: string;
  /** The version-neutral hook name exhook uses. */
  readonly hook: HookName;
  /** The name this version's broker knows in `HookSpec.name`; `undefined` for the provider calls. */
  readonly wireHook: string | undefined;
  readonly answer: AnswerKind;
}

// [rpc (v2/v3 spelling), hook, v1 rpc spelling, v1 hook spelling, answer]
type Row = readonly [string, HookName, string | undefined, string | undefined, AnswerKind];

const rows: readonly Row[] = [
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

function tableFor(version: ProtocolVersion): readonly RpcEntry[] {
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
export const rpcTable: Readonly<Record<ProtocolVersion, readonly RpcEntry[]>> = {
  v1: tableFor("v1"),
  v2: tableFor("v2"),
  v3: tableFor("v3"),
};

/** The generated `HookProvider` service descriptor of each protocol version. */
export const hookProviders: Readonly<Record<ProtocolVersion, DescService>> = {
  v1: HookProviderV1,
  v2: HookProviderV2,
  v3: HookProviderV3,
};

/** Every hook a broker of this version accepts in `HookSpec.name`, in the wire spelling. */
export function wireHookNames(version: ProtocolVersion): string[] {
  const names: string[] = [];
  for (const entry of rpcTable[version]) if (entry.wireHook !== undefined) names.push(entry.wireHook);
  return names;
}
