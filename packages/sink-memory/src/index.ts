// The public face of @exhook/sink-memory.
export {
  MemoryBus,
  type MemorySubscribeOptions,
  MemorySubscription,
  memoryBus,
} from "./memory-bus.js";
export {
  MemorySink,
  type MemorySinkOptions,
  type MemorySinkProps,
  memorySinkOn,
  memorySinkProps,
  sink,
} from "./memory-sink.js";
