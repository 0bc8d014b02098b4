// The public face of @exhook/core for handler authors: build an app, decide, read its stats.
// Other audiences have their own entry: `@exhook/core/sink` (sink authors, and servers that manage sinks at
// runtime), `@exhook/core/grpc` (the bare gRPC server), `@exhook/core/mqtt` (topic filters).
// biome-ignore-all assist/source/organizeImports: grouped by audience (as connect-es does), sorted within each

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
export type { HookContext } from "./call.js";
export type { Handler } from "./chain.js";
export { continueWith, type Decision, denyPublish, pass, stopWith } from "./decision.js";
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
  type NotificationHookName,
  type OfferableHookName,
  type Property,
  type ProtocolVersion,
  type RequestMeta,
  type SubOpts,
  type TopicFilter,
  type ValuedHookName,
} from "./events.js";
export { createConsoleLogger, type Logger, type LogLevel, silentLogger } from "./logger.js";
export {
  defaultFailurePolicy,
  defaultTimeoutMs,
  type FailurePolicy,
  type HookPolicy,
} from "./policy.js";

// What `app.sink()` and `app.route()` take; writing a sink is `@exhook/core/sink`.
export type { SinkOptions } from "./sink/options.js";
export type { SinkRoute } from "./sink/runtime.js";
export type { Sink, SinkDefinition } from "./sink/sink.js";

// For servers built on an app (admin APIs, metrics, config files): errors by code, stats, caches, drivers,
// hook names, swapping handlers.
export type { CallDecision, DecisionCounts } from "./answer-decision.js";
export type { Caller } from "./call.js";
export type { CounterSnapshot } from "./counters.js";
export {
  type CacheableHookName,
  type CacheCounters,
  type CacheSnapshot,
  type DecisionCacheOptions,
  defaultMaxEntries as defaultDecisionCacheMaxEntries,
} from "./decision-cache.js";
export { type Driver, type DriverInfo, type DriverKind, DriverRegistry } from "./drivers.js";
export {
  DriverNotFoundError,
  ExhookError,
  type ExhookErrorCode,
  InvalidDecisionError,
  isExhookError,
} from "./errors.js";
export type { HandlerSwap } from "./handler-swap.js";
export type { LatencySnapshot } from "./histogram.js";
export { expandHookPattern, hookNames, isHookName, offerableHookNames } from "./hooks.js";
export type { OfferedHook } from "./offer.js";
export type { SettledCall, SettledCallListener } from "./settled-calls.js";

// One app on several cores (node:cluster): workers on one port, restarted when they die, drained on SIGTERM.
export {
  answerPrimary,
  type PrimaryService,
  type RunningWorkers,
  type RunWorkersOptions,
  runWorkers,
  type StartedWorker,
  type WorkerAnswer,
  workerCount,
  type WorkerIdentity,
  workerIdentity,
  type WorkerPool,
  type WorkerSlot,
} from "./workers.js";
