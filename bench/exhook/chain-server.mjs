// The exhook chain server of the bench: 3 handlers on message.publish and, per BENCH_SINK, one sink route.
import { continueWith, createExhook, denyPublish } from "@exhook/core";

const sinkKind = process.env.BENCH_SINK ?? "none";
// BENCH_SINK_BUFFER=disk: the sink's records go through the disk buffer (written before the answer) in BENCH_BUFFER_DIR.
const sinkOptions =
  process.env.BENCH_SINK_BUFFER === "disk"
    ? { buffer: "disk", bufferDir: process.env.BENCH_BUFFER_DIR }
    : { buffer: "memory" };
const app = createExhook();

// 1. Deny publishes of banned users (allow_publish "false").
app.on("message.publish", (event) => {
  if (event.message.headers.username !== "baduser") return undefined;
  return denyPublish(event.message);
});

// 2. Rewrite rewrite/<rest> to rewritten/<rest>.
app.on("message.publish", (event) => {
  const topic = event.message.topic;
  if (!topic.startsWith("rewrite/")) return undefined;
  return continueWith({ topic: `rewritten/${topic.slice(8)}` });
});

// 3. Count QoS 1 publishes, the kind of cheap bookkeeping a real chain does inline.
let qos1 = 0;
app.on("message.publish", (event) => {
  if (event.message.qos === 1) qos1++;
  return undefined;
});

// The sink route: every publish goes to one sink, off the hot path (the answer never waits on it). The
// target's package and props come from bench/exhook/sinks/<BENCH_SINK>.mjs; BENCH_SINK_BATCH sets batchSize.
let target;
let targetProps;
if (sinkKind !== "none") {
  target = await import(`./sinks/${sinkKind}.mjs`);
  const { sink } = await import(target.pkg);
  targetProps = await target.props(process.env);
  const batchSize = Number(process.env.BENCH_SINK_BATCH ?? 0);
  const maxQueue = Number(process.env.BENCH_SINK_MAX_QUEUE ?? 0);
  await app.sink("bench", sink, targetProps, {
    ...sinkOptions,
    ...(batchSize > 0 ? { batchSize } : {}),
    ...(maxQueue > 0 ? { maxQueue } : {}),
  });
}
// Told to stop, a target that made something for the run (a table, a stream) drops it, once the sink is
// closed: a sink still delivering would make it again.
process.once("SIGTERM", async () => {
  try {
    await app.close({ deadlineMs: 1000 });
    await target?.cleanup?.(targetProps);
  } catch (error) {
    process.stderr.write(`bench sink cleanup: ${error.message}\n`);
  }
  process.exit(0);
});
if (sinkKind !== "none") app.route({ hooks: ["message.publish"], sinks: ["bench"] });

// BENCH_OBSERVE=1: a listener of settled calls, as the server's dashboard tail attaches (its cost with one).
let observed = 0;
if (process.env.BENCH_OBSERVE === "1") app.observe(() => observed++);

// The harness asks for counters (drops above all) with SIGUSR2 once the measurements are done.
process.on("SIGUSR2", () => {
  const sink = sinkKind === "none" ? null : app.sinks.sinkStats("bench");
  const stats = { qos1, observed, sink, app: app.stats() };
  process.stdout.write(
    `BENCH_STATS ${JSON.stringify(stats, (_k, v) => (typeof v === "bigint" ? Number(v) : v))}\n`,
  );
});

await app.listen({ port: Number(process.env.EXHOOK_PORT), host: "127.0.0.1" });
