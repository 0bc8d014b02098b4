// The public face of @exhook/sink-redis.
export { recordId } from "./commands.js";
export { type RedisSinkProps, redisSinkProps } from "./props.js";
export { RedisSink, sink } from "./redis-sink.js";
