// The public face of @exhook/sink-log.
export { LogSink, type LogSinkProps, logSinkProps, sink } from "./log-sink.js";
