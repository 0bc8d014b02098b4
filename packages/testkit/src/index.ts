// The public face of @exhook/testkit: a fake EMQX broker that plays MQTT sessions against an ExHook server.
export {
  createFakeBroker,
  type FakeBroker,
  type FakeBrokerOptions,
  type LoadResult,
  type RawCallOptions,
} from "./broker.js";
export type {
  ConnectOptions,
  ConnectResult,
  DisconnectOptions,
  EffectiveMessage,
  FakeClient,
  FakeClientOptions,
  FilterResult,
  PropertyOptions,
  PublishOptions,
  PublishResult,
  SubscribeOptions,
  SubscribeResult,
  UnsubscribeResult,
} from "./client.js";
export type { FailedAction } from "./context.js";
export { FakeBrokerError, type FakeBrokerErrorCode } from "./errors.js";
export { type Folded, foldBool } from "./fold.js";
export type { NodeProfile } from "./node-profile.js";
export type { SubscriptionOptions } from "./requests.js";
export type { FakeBrokerTls } from "./transport.js";
export type {
  CallRecord,
  ClientInfoView,
  ConnInfoView,
  HookSpecView,
  MessageView,
  PropertyView,
  RequestMetaView,
  RequestView,
  SubOptsView,
  TopicFilterView,
  ValuedAnswer,
} from "./views.js";
