// The sink packages the server ships with (its dependencies): `type: <name>` finds them without an install.
// Only the config file's JSON Schema imports this list, to describe each type's properties; the server itself
// loads a sink package when a config names its type (sink-loader.ts).
import type { SinkDefinition } from "@exhook/core/sink";
import { sink as http } from "@exhook/sink-http";
import { sink as log } from "@exhook/sink-log";
import { sink as memory } from "@exhook/sink-memory";
import { sink as mqtt } from "@exhook/sink-mqtt";
import { sink as nats } from "@exhook/sink-nats";
import { sink as postgres } from "@exhook/sink-postgres";
import { sink as rabbitmq } from "@exhook/sink-rabbitmq";
import { sink as redis } from "@exhook/sink-redis";

/** Sink type → its definition, for every `@exhook/sink-*` dependency of the server (a test keeps them equal). */
export const bundledSinks: Readonly<Record<string, SinkDefinition<unknown>>> = {
  http,
  log,
  memory,
  mqtt,
  nats,
  postgres,
  rabbitmq,
  redis,
} as Record<string, SinkDefinition<unknown>>;
