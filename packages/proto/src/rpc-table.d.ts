import type { DescService } from "@bufbuild/protobuf";
/** The ExHook protocol packages: v1 (EMQX 4.x), v2 (5.0-5.8), v3 (5.9+, 6.x). */
export type ProtocolVersion = "v1" | "v2" | "v3";
export declare const protocolVersions: readonly ProtocolVersion[];
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
/** All 21 RPCs of each protocol version, in the service's declaration order. */
export declare const rpcTable: Readonly<Record<ProtocolVersion, readonly RpcEntry[]>>;
/** The generated `HookProvider` service descriptor of each protocol version. */
export declare const hookProviders: Readonly<Record<ProtocolVersion, DescService>>;
/** Every hook a broker of this version accepts in `HookSpec.name`, in the wire spelling. */
export declare function wireHookNames(version: ProtocolVersion): string[];
//# sourceMappingURL=rpc-table.d.ts.map
