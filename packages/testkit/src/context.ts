// What the fake broker shares with its clients: the hook caller, who it is, and the sessions it routes to.
import type { ProtocolVersion } from "@exhook/proto";
import type { HookCaller } from "./hook-caller.js";
import type { NodeProfile } from "./node-profile.js";
import type { ClientIdentity, Init, SubscriptionOptions } from "./requests.js";

/** EMQX's `failed_action`: what a failed or timed-out valued call means. */
export type FailedAction = "deny" | "ignore";

export interface Subscription {
  readonly options: SubscriptionOptions;
  /** Matches topics against the filter with `$share/<group>/` stripped. */
  readonly matches: (topic: string) => boolean;
}

/** A session the broker holds: its owner's identity and subscriptions. */
export interface Session {
  readonly identity: ClientIdentity;
  /** Filter as subscribed (`$share/g/t` kept) → its options and matcher. */
  readonly subscriptions: Map<string, Subscription>;
  /** Whether a client is attached to it now (an offline session is kept but gets no deliveries here). */
  connected: boolean;
}

export interface BrokerContext {
  readonly version: ProtocolVersion;
  readonly profile: NodeProfile;
  readonly caller: HookCaller;
  readonly failedAction: FailedAction;
  /** The RequestMeta init put on every request. */
  readonly meta: Init;
  /** Sessions by clientid. */
  readonly sessions: Map<string, Session>;
}
