// Test-only: message.publish events as the app publishes them, and a runtime fed with them.
import type { HookEvents } from "@exhook/core";
import type { PublishInfo, SinkRuntime } from "@exhook/core/sink";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };

export const info = (): PublishInfo => ({ version: "v2", meta, time: Date.now() });

/** A message.publish from `from` whose payload is `text` (tests use it as a sequence number). */
export function publishEvent(text: string, from = "c1"): HookEvents["message.publish"] {
  return {
    message: {
      node: "emqx@127.0.0.1",
      id: `0005F8F9A1B2${text.padStart(4, "0")}`,
      qos: 1,
      from,
      topic: `t/${from}`,
      payload: new TextEncoder().encode(text),
      timestamp: 1_700_000_000_000n,
      headers: { username: "alice", peerhost: "127.0.0.1", protocol: "mqtt" },
    },
    props: [],
    userProps: [],
  };
}

export function publishRange(runtime: SinkRuntime, from: number, to: number, clientid = "c1"): void {
  for (let i = from; i < to; i++)
    runtime.publish("message.publish", publishEvent(String(i), clientid), info());
}

export function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => String(from + i));
}
