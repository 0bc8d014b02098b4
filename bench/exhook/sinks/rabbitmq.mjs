// Bench target: the machine's RabbitMQ (BENCH_RABBITMQ_URL), a durable queue of this run on the default
// exchange, deleted at the end (it holds every record the run delivered).
import { connect } from "amqplib";

export const pkg = "@exhook/sink-rabbitmq";

export function props(env) {
  const queue = `exhook-bench-${env.BENCH_RUN_ID ?? process.pid}`;
  return { url: env.BENCH_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672", exchange: "", queue };
}

export async function cleanup(props) {
  const model = await connect(props.url);
  try {
    const channel = await model.createChannel();
    await channel.deleteQueue(props.queue);
  } finally {
    await model.close();
  }
}
