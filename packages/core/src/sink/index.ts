// @exhook/core/sink: writing a sink (defineSink, props, records, templates, errors) and running sinks (SinkRuntime).
export {
  errorText,
  isRetryable,
  SinkConfigError,
  type SinkConfigErrorCode,
  type SinkConfigProblem,
  SinkError,
  type SinkErrorOptions,
} from "./errors.js";
export type { SinkState } from "./lifecycle.js";
export { type DropReason, type LatencyStats, type SinkStats, sinkLatencyBucketsMs } from "./metrics.js";
export {
  type BufferMode,
  type OverflowPolicy,
  parseSinkOptions,
  type ResolvedSinkOptions,
  type SinkOptions,
  sinkOptionsSchema,
} from "./options.js";
export {
  check,
  describeProps,
  type PropsDescription,
  type PropsSchema,
  parseProps,
  z,
} from "./props.js";
export {
  type EventRecord,
  type EventRecordOptions,
  encodePayload,
  type PayloadEncoding,
  type PayloadEncodingOption,
  type PublishInfo,
  type RecordTopicFilter,
  toEventRecord,
} from "./record.js";
export { type RouteProblem, routeProblems, sinkNameProblem } from "./rules.js";
export {
  SinkNotFoundError,
  type SinkRoute,
  SinkRouteError,
  type SinkRouteInfo,
  SinkRuntime,
  type SinkRuntimeOptions,
} from "./runtime.js";
export {
  defineSink,
  isSinkDefinition,
  parseSinkProps,
  type Sink,
  type SinkContext,
  type SinkDefinition,
  type SinkPropsSchema,
  type SinkStatus,
} from "./sink.js";
export { compileTemplate, type Template, TemplateError, templateProblem } from "./template.js";
export {
  checkCertAndKey,
  readPem,
  type TlsConnectionOptions,
  type TlsProps,
  tlsConnectionOptions,
  tlsProps,
} from "./tls.js";
