// Test-only: a SinkRuntime with one HTTP sink routed message.publish, and publishes numbered like the
// conformance suite's (the payload is the number, the message id derived from it).
import { randomUUID } from "node:crypto";
import type { HookEvents } from "@exhook/core";
import { type SinkOptions, SinkRuntime, type SinkStats } from "@exhook/core/sink";
import { sink } from "../http-sink.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "http-test" };

export function publishEvent(clientid: string, n: number): HookEvents["message.publish"] {
  return {
    message: {
      node: "emqx@127.0.0.1",
      id: `0005F8F9A1B2${n.toString(16).padStart(4, "0")}`,
      qos: 1,
      from: clientid,
      topic: `t/${clientid}`,
      payload: new TextEncoder().encode(String(n)),
      timestamp: 1_700_000_000_000n + BigInt(n),
      headers: { username: "u", peerhost: "127.0.0.1", protocol: "mqtt" },
    },
    props: [],
    userProps: [],
  };
}

export interface Harness {
  readonly runtime: SinkRuntime;
  readonly clientid: string;
  publish(from: number, to: number, clientid?: string): void;
  stats(): SinkStats;
  close(): Promise<void>;
}

export async function harness(props: unknown, options: SinkOptions = {}): Promise<Harness> {
  const runtime = new SinkRuntime();
  const clientid = `http-${randomUUID().slice(0, 8)}`;
  await runtime.addSink("web", sink, props, options);
  runtime.addRoute({ hooks: ["message.publish"], sinks: ["web"] });
  return {
    runtime,
    clientid,
    publish(from, to, publisher = clientid) {
      for (let n = from; n < to; n++) {
        runtime.publish("message.publish", publishEvent(publisher, n), {
          version: "v2",
          meta,
          time: Date.now(),
        });
      }
    },
    stats: () => runtime.sinkStats("web"),
    close: () => runtime.close({ deadlineMs: 1000 }),
  };
}

export function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => String(from + i));
}
