// The public face of @exhook/sink-rabbitmq.
export { recordId } from "./message.js";
export { type RabbitmqSinkProps, rabbitmqSinkProps } from "./props.js";
export { RabbitmqSink, sink } from "./rabbitmq-sink.js";
