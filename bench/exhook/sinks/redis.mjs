// Bench target: the machine's Redis (BENCH_REDIS_URL to use another), one stream per run, trimmed to about
// 100 000 entries (MAXLEN ~) so a long run cannot fill the server's memory, and replaced by a string that
// expires in 30 s when the chain server stops.
import { createClient } from "@redis/client";

export const pkg = "@exhook/sink-redis";

export function props(env) {
  const id = env.BENCH_RUN_ID ?? String(process.pid);
  return {
    url: env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
    stream: `exhook:bench:${id}`,
    maxLen: 100_000,
  };
}

export async function cleanup(props) {
  const client = createClient({ url: props.url, RESP: 2, maintNotifications: "disabled" });
  client.on("error", () => {});
  await client.connect();
  try {
    // The sink is still running (it may have a backlog to drain) and XADD would make a deleted stream again:
    // the key becomes a short-lived string instead, so its XADDs fail (WRONGTYPE) until the server exits.
    await client.sendCommand(["SET", props.stream, "deleted by the bench", "EX", "30"]);
  } finally {
    client.destroy();
  }
}
