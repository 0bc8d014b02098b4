// Bench target: the machine's PostgreSQL (BENCH_PG_URL, default the shared 127.0.0.1:5432/test), a table of
// this run created by the sink, dropped at the end (it holds every record the run delivered).
import { userInfo } from "node:os";
import pg from "pg";

export const pkg = "@exhook/sink-postgres";

export function props(env) {
  const table = `exhook_bench_${String(env.BENCH_RUN_ID ?? process.pid).replace(/[^A-Za-z0-9_]/g, "_")}`;
  return { url: env.BENCH_PG_URL ?? "postgres://127.0.0.1:5432/test", table, createTable: true };
}

export async function cleanup(props) {
  // The sink's own user rule (no user in the URL: PGUSER, then the OS user), which pg alone does not follow.
  const url = new URL(props.url);
  const client = new pg.Client({
    host: url.hostname,
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username) || process.env.PGUSER || userInfo().username,
    password: decodeURIComponent(url.password),
  });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS "${props.table}"`);
  } finally {
    await client.end();
  }
}
