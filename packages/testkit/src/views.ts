// Version-neutral read-only views of the requests and answers the fake broker sends and receives.
import type { HookName } from "@exhook/proto";

/** A `Property` of any protocol version. */
export interface PropertyView {
  readonly name: string;
  readonly value: string;
}

/** `RequestMeta`: on every request. */
export interface RequestMetaView {
  readonly node: string;
  readonly version: string;
  readonly sysdescr: string;
  readonly clusterName: string;
}

/** `ConnInfo` (`peerport` exists from v2). */
export interface ConnInfoView {
  readonly node: string;
  readonly clientid: string;
  readonly username: string;
  readonly peerhost: string;
  readonly sockport: number;
  readonly protoName: string;
  readonly protoVer: string;
  readonly keepalive: number;
  readonly peerport?: number | undefined;
}

/** `ClientInfo` (`peerport` exists from v2). */
export interface ClientInfoView {
  readonly node: string;
  readonly clientid: string;
  readonly username: string;
  readonly password: string;
  readonly peerhost: string;
  readonly sockport: number;
  readonly protocol: string;
  readonly mountpoint: string;
  readonly isSuperuser: boolean;
  readonly anonymous: boolean;
  readonly cn: string;
  readonly dn: string;
  readonly peerport?: number | undefined;
}

/** `Message`. */
export interface MessageView {
  readonly node: string;
  readonly id: string;
  readonly qos: number;
  readonly from: string;
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly timestamp: bigint;
  readonly headers: { readonly [key: string]: string };
}

/** `SubOpts` (`share` is the v1 and 5.0-5.3 legacy field). */
export interface SubOptsView {
  readonly qos: number;
  readonly rh: number;
  readonly rap: number;
  readonly nl: number;
  readonly share?: string | undefined;
}

/** `TopicFilter`: v1 carries `qos`, v2/v3 carry `subopts`. */
export interface TopicFilterView {
  readonly name: string;
  readonly qos?: number | undefined;
  readonly subopts?: SubOptsView | undefined;
}

/**
 * Any request of any version, seen through the union of their fields: each request has the fields its
 * RPC defines (e.g. `clientinfo` and `result` on `client.authenticate`), the others are absent.
 */
export interface RequestView {
  readonly $typeName: string;
  readonly meta?: RequestMetaView | undefined;
  readonly broker?:
    | {
        readonly version: string;
        readonly sysdescr: string;
        readonly uptime: string | bigint;
        readonly datetime: string;
      }
    | undefined;
  readonly conninfo?: ConnInfoView | undefined;
  readonly clientinfo?: ClientInfoView | undefined;
  readonly message?: MessageView | undefined;
  readonly props?: readonly PropertyView[] | undefined;
  readonly userProps?: readonly PropertyView[] | undefined;
  readonly topicFilters?: readonly TopicFilterView[] | undefined;
  readonly subopts?: SubOptsView | undefined;
  readonly resultCode?: string | undefined;
  readonly result?: boolean | undefined;
  /** `AuthorizeReqType` / `AclReqType`: 0 PUBLISH, 1 SUBSCRIBE. */
  readonly type?: number | undefined;
  readonly topic?: string | undefined;
  readonly reason?: string | undefined;
}

/** A `HookSpec` the server returned in `LoadedResponse`, in the version's wire spelling. */
export interface HookSpecView {
  readonly name: string;
  readonly topics: readonly string[];
}

/** What a `ValuedResponse` said, decoded: the `type` and the oneof `value`. */
export type ValuedAnswer = {
  readonly type: "continue" | "ignore" | "stop";
  /** The raw `ResponsedType` number (CONTINUE=0, IGNORE=1, STOP_AND_RETURN=2). */
  readonly typeNumber: number;
} & (
  | { readonly value: "bool"; readonly bool: boolean }
  | { readonly value: "message"; readonly message: MessageView }
  | { readonly value: "none" }
);

/** One RPC the fake broker made, as the server saw it. */
export interface CallRecord {
  /** Position in the broker's call log, from 0. */
  readonly seq: number;
  /** The version-neutral hook name (`client.authorize` on every version, `provider.loaded` for the load). */
  readonly hook: HookName;
  /** The hook's name on this version's wire (`client.check_acl` on v1); `undefined` for the provider calls. */
  readonly wireHook: string | undefined;
  /** The RPC method, e.g. `OnClientCheckAcl`. */
  readonly rpc: string;
  /** The clientid the call was made for, when it concerns one client. */
  readonly clientid: string | undefined;
  readonly request: RequestView;
  /** The decoded response; `undefined` when the call failed. */
  readonly response: { readonly $typeName: string } | undefined;
  /** The decoded `ValuedResponse` of a valued hook (authenticate, authorize, publish). */
  readonly answer: ValuedAnswer | undefined;
  /** The gRPC failure (error or deadline), when the call failed. */
  readonly error: Error | undefined;
  readonly durationMs: number;
}
