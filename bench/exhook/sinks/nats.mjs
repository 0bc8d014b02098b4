// Bench target: the machine's NATS with JetStream (BENCH_NATS_URL to use another), a stream per run made here
// and deleted when the chain server stops. Not by the sink's createStream: a sink still publishing at the
// stop would make a deleted stream again.
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";

async function withStreams(servers, use) {
  const nc = await connect({ servers, timeout: 3000 });
  try {
    return await use((await jetstreamManager(nc, { timeout: 3000 })).streams);
  } finally {
    await nc.close();
  }
}

export const pkg = "@exhook/sink-nats";

export async function props(env) {
  // Stream names take no '.', subjects do: one safe token for both.
  const token = (env.BENCH_RUN_ID ?? String(process.pid)).replace(/[^A-Za-z0-9_-]/g, "_");
  const servers = env.BENCH_NATS_URL ?? "nats://127.0.0.1:4222";
  const stream = `EXHOOK_BENCH_${token}`;
  await withStreams(servers, (streams) =>
    streams.add({ name: stream, subjects: [`bench_${token}.>`], duplicate_window: 120e9 }),
  );
  return { servers, subject: `bench_${token}.\${hook}.\${clientid}`, stream };
}

export async function cleanup(props) {
  await withStreams(props.servers, (streams) => streams.delete(props.stream));
}
