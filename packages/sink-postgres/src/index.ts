// The public face of @exhook/sink-postgres.
export { PostgresSink, sink } from "./postgres-sink.js";
export { type PostgresSinkProps, postgresSinkProps } from "./props.js";
