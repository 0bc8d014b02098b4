// The public face of @exhook/sink-nats.

export { recordMsgId } from "./msg-id.js";
export { NatsSink, sink } from "./nats-sink.js";
export { type NatsSinkProps, natsSinkProps } from "./props.js";
