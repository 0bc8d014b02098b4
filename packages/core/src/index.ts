// The public face of @exhook/core.

export type { CallDecision, DecisionCounts } from "./answer-decision.js";
export {
  type CachedHandlerOptions,
  createExhook,
  Exhook,
  type ExhookOptions,
  type ExhookStats,
  type HandlerOptions,
  type ListeningAddress,
  type ListenOptions,
  type MessageHandlerOptions,
  type OptionsFor,
} from "./app.js";
export type { Caller, HookContext } from "./call.js";
export type { Handler } from "./chain.js";
export { type CounterSnapshot, hookLatencyBucketsMs, type LatencySnapshot } from "./counters.js";
export {
  continueWith,
  type Decision,
  denyPublish,
  InvalidDecisionError,
  pass,
  stopWith,
} from "./decision.js";
export {
  type CacheableHookName,
  type CacheCounters,
  type CacheSnapshot,
  type DecisionCacheOptions,
  defaultMaxEntries as defaultDecisionCacheMaxEntries,
} from "./decision-cache.js";
export {
  type Driver,
  type DriverInfo,
  type DriverKind,
  DriverNotFoundError,
  DriverRegistry,
} from "./drivers.js";
export { ExhookError, type ExhookErrorCode, isExhookError } from "./errors.js";
export {
  type AuthorizeAction,
  type BrokerInfo,
  type ClientInfo,
  type ConnInfo,
  type HookEvent,
  type HookEvents,
  type HookName,
  type HookValues,
  isMessageHook,
  isValuedHook,
  type Message,
  type MessageHookName,
  type MessagePatch,
  messageHooks,
  type NotificationHookName,
  type OfferableHookName,
  type Property,
  type ProtocolVersion,
  type RequestMeta,
  type SubOpts,
  type TopicFilter,
  type ValuedHookName,
  valuedHooks,
} from "./events.js";
export {
  createGrpcServer,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_BUFFERED_REQUEST_BYTES,
  DEFAULT_MAX_BUFFERED_REQUEST_BYTES_PER_CONNECTION,
  DEFAULT_MAX_RECEIVE_MESSAGE_BYTES,
  DEFAULT_PREFACE_TIMEOUT_MS,
  type GrpcConnectionLimits,
  type GrpcServer,
  type GrpcServerOptions,
  type GrpcTlsOptions,
  type UnaryCall,
  type UnaryHandler,
  type UnaryRoute,
  unaryRoute,
} from "./grpc/index.js";
export type { HandlerSwap } from "./handler-swap.js";
export { expandHookPattern, hookNames, isHookName, offerableHookNames } from "./hooks.js";
export { createConsoleLogger, type Logger, type LogLevel, silentLogger } from "./logger.js";
export type { OfferedHook } from "./offer.js";
export { ChainOutcome } from "./outcome.js";
export {
  defaultFailurePolicy,
  defaultTimeoutMs,
  type FailurePolicy,
  type HookPolicy,
} from "./policy.js";
export type { SettledCall, SettledCallListener } from "./settled-calls.js";
export * from "./sink/index.js";
export {
  compileTopicFilters,
  stripSharePrefix,
  TopicMatcher,
  topicFilterProblem,
  topicMatches,
} from "./topic-filter.js";
