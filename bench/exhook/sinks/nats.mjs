// Bench target: the machine's NATS with JetStream (BENCH_NATS_URL to use another), a stream per run
// created by the sink (createStream) and deleted when the chain server stops.
export const pkg = "@exhook/sink-nats";

export function props(env) {
  const id = env.BENCH_RUN_ID ?? String(process.pid);
  // Stream names take no '.', subjects do: one safe token for both.
  const token = id.replace(/[^A-Za-z0-9_-]/g, "_");
  return {
    servers: env.BENCH_NATS_URL ?? "nats://127.0.0.1:4222",
    subject: `bench_${token}.\${hook}.\${clientid}`,
    stream: `EXHOOK_BENCH_${token}`,
    createStream: true,
  };
}

export async function cleanup(props) {
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const nc = await connect({ servers: props.servers, timeout: 3000 });
  try {
    const jsm = await jetstreamManager(nc, { timeout: 3000 });
    // The sink is still running and, with createStream, makes a deleted stream again when its next publish
    // finds none: delete until it stays gone.
    for (let attempt = 0; attempt < 5; attempt++) {
      const existed = await jsm.streams.delete(props.stream).catch(() => false);
      if (!existed && attempt > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    await nc.close();
  }
}
